"""API refusals with their status codes: the policy decides, the API only translates."""

from rest_framework import exceptions, status

from articles.editorial import policy


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with what is already there."


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The article changed since you read it (If-Match no longer matches); read it again first."


class Gone(exceptions.APIException):
    status_code = status.HTTP_410_GONE
    default_detail = "This is no longer available."


API_FIELDS = {"body": "body_html"}  # where the API names a field otherwise than the model does


def as_api_error(refusal):
    """Not allowed is 403, a state that does not allow it 409, content that cannot be accepted 400."""
    if isinstance(refusal, policy.NotAllowed):
        return exceptions.PermissionDenied(str(refusal))
    if isinstance(refusal, policy.Invalid):
        return exceptions.ValidationError(
            {API_FIELDS.get(refusal.field, refusal.field or "non_field_errors"): [str(refusal)]}
        )
    conflict = Conflict(str(refusal))
    problems = getattr(refusal, "problems", None) or (
        [policy.Problem(refusal.field, str(refusal))] if refusal.field else []
    )
    if problems:
        conflict.errors = {}
        for problem in problems:
            conflict.errors.setdefault(API_FIELDS.get(problem.field, problem.field), []).append(problem.message)
    return conflict


class TranslatesRefusals:
    """Mixed into API views: a refusal of the editorial policy answers as an API error."""

    def handle_exception(self, exc):
        if isinstance(exc, policy.Refusal):
            exc = as_api_error(exc)
        return super().handle_exception(exc)

"""API refusals with their status codes."""

from contextlib import contextmanager

from rest_framework import exceptions, status

from articles.editorial import workflow


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "The request conflicts with what is already there."


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = "The article changed since you read it (If-Match no longer matches); read it again first."


class Gone(exceptions.APIException):
    status_code = status.HTTP_410_GONE
    default_detail = "This is no longer available."


@contextmanager
def workflow_errors():
    """The workflow's refusals as API errors: not allowed is 403, a state that does not allow it 409."""
    try:
        yield
    except workflow.NotAllowed as refusal:
        raise exceptions.PermissionDenied(str(refusal)) from None
    except workflow.InvalidTransition as refusal:
        raise Conflict(str(refusal)) from None

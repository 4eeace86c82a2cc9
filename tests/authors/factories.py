import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from authors.models import Author, AuthorLink


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    password = factory.django.Password("correct horse battery staple")
    is_staff = True


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"author-{n}")
    job_title = "Reporter"
    bio = factory.Faker("paragraph")
    expertise = factory.LazyFunction(lambda: ["Defence", "Arctic"])
    beats = factory.LazyFunction(lambda: ["Canada"])
    email = factory.Sequence(lambda n: f"author{n}@newsroom.example")


class AuthorLinkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuthorLink

    author = factory.SubFactory(AuthorFactory)
    label = "Website"
    url = factory.Sequence(lambda n: f"https://example.org/people/{n}")


class StaffFactory(UserFactory):
    """A staff account in one of the newsroom's groups (articles.roles): ``StaffFactory(role="Editor")``."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def role(user, create, extracted, **kwargs):
        if create and extracted:
            user.groups.add(Group.objects.get(name=extracted))


def signed_in(client, role):
    """A staff account of ``role``, signed in on the test ``client`` (the admin's session)."""
    user = StaffFactory(role=role)
    client.force_login(user)
    return user


def token_client(user):
    """An API client signed in with the user's token, as integrations are."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client

import warnings

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils.deprecation import RemovedInDjango60Warning

from articles.editorial.roles import EDITOR, MODERATOR, WRITER
from authors.models import Author
from tests.articles.factories import png_file
from tests.authors.factories import AuthorFactory, AuthorLinkFactory, UserFactory

pytestmark = pytest.mark.django_db

SUPERUSER = "superuser"
OK, FORBIDDEN = 200, 403


def log_in(client, role):
    if role == SUPERUSER:
        user = UserFactory(is_superuser=True)
    else:
        user = UserFactory()
        user.groups.add(Group.objects.get(name=role))
    client.force_login(user)
    return user


def errors_of(response):
    if response.context is None or "adminform" not in response.context:
        return None
    return {
        "form": response.context["adminform"].form.errors,
        "inlines": [inline.formset.errors for inline in response.context["inline_admin_formsets"]],
    }


def author_form_data(**fields):
    data = {
        "name": "Jonathan Wade",
        "post_nominals": "CD",
        "slug": "jonathan-wade",
        "job_title": "Director",
        "is_active": "on",
        "bio": "Jonathan Wade is the director of an analytical group.",
        "expertise": "Defence\n\nIntelligence \n",
        "beats": "Russia\nCanada\nArctic",
        "email": "jonathan@newsroom.example",
        "user": "",
        "links-TOTAL_FORMS": "1",
        "links-INITIAL_FORMS": "0",
        "links-MIN_NUM_FORMS": "0",
        "links-MAX_NUM_FORMS": "1000",
        "links-0-label": "Website",
        "links-0-url": "https://sentinel.example/",
        "links-0-position": "0",
        "_save": "Save",
    }
    return data | fields


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        # (changelist, add, change)
        (SUPERUSER, (OK, OK, OK)),
        (WRITER, (OK, FORBIDDEN, OK)),
        (EDITOR, (OK, OK, OK)),
        (MODERATOR, (FORBIDDEN, FORBIDDEN, FORBIDDEN)),
    ],
)
def test_author_pages_open_only_for_roles_with_the_permission(client, role, expected):
    log_in(client, role)
    author = AuthorFactory(avatar=png_file(name="face.png"))
    AuthorLinkFactory(author=author)

    statuses = (
        client.get(reverse("admin:authors_author_changelist")).status_code,
        client.get(reverse("admin:authors_author_add")).status_code,
        client.get(reverse("admin:authors_author_change", args=[author.pk])).status_code,
    )

    assert statuses == expected


def test_editor_adds_an_author_with_a_public_link(client):
    log_in(client, EDITOR)

    response = client.post(reverse("admin:authors_author_add"), author_form_data())

    assert response.status_code == 302, errors_of(response)
    author = Author.objects.get(slug="jonathan-wade")
    assert str(author) == "Jonathan Wade, CD"
    assert (author.expertise, author.beats) == (["Defence", "Intelligence"], ["Russia", "Canada", "Arctic"])
    assert [(link.label, link.url) for link in author.links.all()] == [("Website", "https://sentinel.example/")]


def test_editor_uploads_an_avatar_and_sees_its_preview(client):
    log_in(client, EDITOR)

    response = client.post(
        reverse("admin:authors_author_add"),
        author_form_data(avatar=png_file(width=64, height=48, name="face.png"), **{"links-TOTAL_FORMS": "0"}),
    )

    assert response.status_code == 302, errors_of(response)
    author = Author.objects.get()
    assert (author.avatar_width, author.avatar_height) == (64, 48)
    page = client.get(reverse("admin:authors_author_change", args=[author.pk])).content.decode()
    assert f'<img src="{author.avatar.url}" alt="" style="max-height:160px">' in page


def test_editor_links_an_author_to_a_login_account(client):
    log_in(client, EDITOR)
    account = UserFactory()

    response = client.post(
        reverse("admin:authors_author_add"), author_form_data(user=str(account.pk), **{"links-TOTAL_FORMS": "0"})
    )

    assert response.status_code == 302, errors_of(response)
    assert Author.objects.get().user == account


def test_editor_edits_an_author_and_their_links(client):
    log_in(client, EDITOR)
    author = AuthorFactory(name="Maria Lopez", slug="maria-lopez", post_nominals="")
    link = AuthorLinkFactory(author=author, label="Website", url="https://old.example/")
    data = author_form_data(
        name="Maria Lopez",
        slug="maria-lopez",
        post_nominals="PhD, MBE",
        **{
            "links-INITIAL_FORMS": "1",
            "links-0-id": str(link.pk),
            "links-0-author": str(author.pk),
            "links-0-url": "https://new.example/",
        },
    )

    response = client.post(reverse("admin:authors_author_change", args=[author.pk]), data)

    assert response.status_code == 302, errors_of(response)
    author.refresh_from_db()
    link.refresh_from_db()
    assert (str(author), link.url) == ("Maria Lopez, PhD, MBE", "https://new.example/")


def test_editor_cannot_delete_an_author(client):
    log_in(client, EDITOR)
    author = AuthorFactory()

    response = client.post(reverse("admin:authors_author_delete", args=[author.pk]), {"post": "yes"})

    assert response.status_code == FORBIDDEN
    assert Author.objects.filter(pk=author.pk).exists()


def test_writer_cannot_change_an_author(client):
    log_in(client, WRITER)
    author = AuthorFactory(name="Maria Lopez", slug="maria-lopez")

    response = client.post(
        reverse("admin:authors_author_change", args=[author.pk]),
        author_form_data(name="Someone Else", slug="maria-lopez", **{"links-TOTAL_FORMS": "0"}),
    )

    assert response.status_code == FORBIDDEN
    author.refresh_from_db()
    assert author.name == "Maria Lopez"


def test_author_list_shows_the_display_name_with_post_nominals(client):
    log_in(client, EDITOR)
    AuthorFactory(name="Jonathan Wade", post_nominals="CD")

    content = client.get(reverse("admin:authors_author_changelist")).content.decode()

    assert "Jonathan Wade, CD" in content


def test_author_search_finds_by_post_nominals(client):
    log_in(client, EDITOR)
    wade = AuthorFactory(name="Jonathan Wade", post_nominals="CD")
    AuthorFactory(name="Maria Lopez", post_nominals="PhD")

    listed = client.get(reverse("admin:authors_author_changelist"), {"q": "CD"}).context["cl"].result_list

    assert list(listed) == [wade]


def test_author_form_raises_no_django_6_deprecation_warning(client):
    log_in(client, EDITOR)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        client.get(reverse("admin:authors_author_add"))

    assert [str(w.message) for w in caught if issubclass(w.category, RemovedInDjango60Warning)] == []


def test_an_avatar_is_stored_without_its_location_or_other_metadata(client):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image as PILImage

    log_in(client, EDITOR)
    exif = PILImage.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif.get_ifd(0x8825)[2] = (52.0, 31.0, 12.0)  # GPS latitude
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 48), "olive").save(buffer, format="JPEG", exif=exif)
    avatar = SimpleUploadedFile("face.jpg", buffer.getvalue(), content_type="image/jpeg")

    response = client.post(
        reverse("admin:authors_author_add"), author_form_data(avatar=avatar, **{"links-TOTAL_FORMS": "0"})
    )

    assert response.status_code == 302, errors_of(response)
    with Author.objects.get().avatar.open("rb") as stored:
        assert not PILImage.open(stored).getexif()

"""One-click moderation in the browser: a button per row, keyboard shortcuts, the comment in its thread."""

from playwright.sync_api import expect

from articles.models import Comment
from tests.articles.factories import ArticleFactory, CommentFactory
from tests.browser.people import make_moderator


def test_a_moderator_approves_a_comment_in_one_click_and_it_leaves_the_queue(new_context):
    moderator = make_moderator()
    first = CommentFactory(body="Great reporting on the harbour.", author_name="Ada")
    CommentFactory(body="Second in the queue.", author_name="Bo")
    page = new_context(moderator).new_page()

    page.goto("/admin/articles/comment/")
    expect(page).to_have_title("Moderation queue | Newsroom")
    page.get_by_role("row").filter(has_text="Great reporting").get_by_role("button", name="Approve").click()

    expect(page.locator(".messagelist")).to_contain_text("The comment by Ada is approved.")
    expect(page.get_by_text("Great reporting on the harbour.")).to_have_count(0)
    first.refresh_from_db()
    assert (first.status, first.moderated_by) == (Comment.Status.APPROVED, moderator)


def test_keyboard_shortcuts_move_down_the_queue_and_mark_spam(new_context):
    moderator = make_moderator()
    article = ArticleFactory(published=True)
    older = CommentFactory(article=article, body="First of all.")
    newer = CommentFactory(article=article, body="Buy cheap watches.")
    page = new_context(moderator).new_page()

    page.goto("/admin/articles/comment/")
    page.keyboard.press("j")
    spam_row = page.locator("#result_list tbody tr.moderation-current")
    expect(spam_row).to_have_count(1)
    target = newer if "Buy cheap" in spam_row.inner_text() else older
    page.keyboard.press("s")

    expect(page.locator(".messagelist")).to_contain_text("marked as spam")
    target.refresh_from_db()
    assert target.status == Comment.Status.SPAM


def test_a_reply_shows_the_words_it_answers_and_its_page_the_whole_thread(new_context):
    moderator = make_moderator()
    root = CommentFactory(body="The ferry was late again.", author_name="Cleo", status=Comment.Status.APPROVED)
    reply = CommentFactory(article=root.article, parent=root, thread=root, body="It was on time for me.")
    page = new_context(moderator).new_page()

    page.goto("/admin/articles/comment/")
    expect(page.locator(".comment-parent")).to_contain_text("In reply to Cleo: “The ferry was late again.”")
    page.goto(f"/admin/articles/comment/{reply.pk}/change/")
    thread = page.locator(".field-thread_context")
    expect(thread.locator(".thread-comment")).to_have_count(2)
    expect(thread.locator(".this-comment")).to_contain_text("It was on time for me.")

"""The front doors in a browser: ``/`` and the admin's "View site" lead somewhere useful."""

from playwright.sync_api import expect


def test_view_site_in_the_admin_leads_to_the_server_home_page_and_on_to_the_api(editor_page):
    editor_page.goto("/admin/")
    editor_page.get_by_role("link", name="View site").click()

    expect(editor_page.get_by_role("heading", level=1)).to_be_visible()
    expect(editor_page.get_by_text("editorial content server")).to_be_visible()
    editor_page.get_by_role("link", name="API", exact=True).click()
    expect(editor_page.get_by_text("/api/v1/articles/").first).to_be_visible()

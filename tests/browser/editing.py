"""Driving the body editor (django-prose-editor, on ProseMirror) from a browser test.

ProseMirror learns where the caret is from the browser's ``selectionchange`` event, which Chromium queues as a
task of its own. Keys sent one after another can reach the editor before that task runs, so a key after a click
or ``End`` may act where the caret was before (an ``Enter`` splitting the paragraph in its middle). ``settle``
lets the page run what it has queued before the next key is sent.
"""


def body_editor(page):
    return page.locator(".field-body [contenteditable=true]")


def settle(page):
    """Returns once the page has run the tasks queued so far (the selection's among them)."""
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done)))")


def caret_at_end_of(page, block):
    """Puts the caret at the end of ``block`` (a locator inside the editor), where ProseMirror sees it too."""
    block.click()
    settle(page)
    page.keyboard.press("End")
    settle(page)

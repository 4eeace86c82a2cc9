"""How an article's place in time reads to editors: scheduled or live, and when, in the desk's time zone."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html

SCHEDULED = "Scheduled"


def is_scheduled(article):
    """Published with a publish time still ahead: it goes public by itself at that time."""
    return article.status == article.Status.PUBLISHED and bool(article.published_at) and not article.is_public


def state_label(article):
    """The status as an editor means it: a published article whose time is ahead is *Scheduled*."""
    return SCHEDULED if is_scheduled(article) else article.get_status_display()


def moment(when):
    """``"1 December 2026, 09:00 (Europe/Oslo)"``: the time in the desk's zone, and which zone that is."""
    local = timezone.localtime(when)
    return f"{date_format(local, 'j F Y, H:i')} ({timezone.get_current_timezone_name()})"


def schedule_text(article):
    """One line on when the article is, was or will be public; empty for one that has no publish time."""
    if is_scheduled(article):
        return f"Goes live at {moment(article.published_at)}"
    if article.is_public:
        return f"Live since {moment(article.published_at)}"
    if article.published_at:
        return f"Publish time: {moment(article.published_at)} (not public while {article.get_status_display().lower()})"
    return ""


def badge(article):
    """The status as a coloured label, with the schedule under it for an article whose time is ahead."""
    label = state_label(article)
    when = format_html("<br><small>goes live at {}</small>", moment(article.published_at)) if label == SCHEDULED else ""
    return format_html('<span class="status-badge status-{}">{}</span>{}', label.lower().replace(" ", "-"), label, when)

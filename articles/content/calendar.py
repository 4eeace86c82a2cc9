"""The desk's calendar: scheduled and recently published articles, by day, in the desk's time zone."""

from datetime import date, datetime, time, timedelta

from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone

from articles.content import schedule
from articles.models import Article

WEEKS = 5


def _monday(day):
    return day - timedelta(days=day.weekday())


def _start(request):
    """The first Monday shown: ``?from=YYYY-MM-DD`` (any day of that week), else the week before this one."""
    try:
        return _monday(date.fromisoformat(request.GET.get("from", "")))
    except ValueError:
        return _monday(timezone.localdate()) - timedelta(weeks=1)


class ArticleCalendarView:
    """Mixed into ArticleAdmin: ``calendar/``, every article with a publish time in five weeks, day by day."""

    def get_urls(self):
        calendar = path("calendar/", self.admin_site.admin_view(self.calendar_view), name="articles_article_calendar")
        return [calendar, *super().get_urls()]

    def calendar_view(self, request):
        first = _start(request)
        last = first + timedelta(weeks=WEEKS)
        zone = timezone.get_current_timezone()
        articles = (
            self.get_queryset(request)
            .filter(
                status=Article.Status.PUBLISHED,
                published_at__gte=datetime.combine(first, time.min, zone),
                published_at__lt=datetime.combine(last, time.min, zone),
            )
            .order_by("published_at")
        )
        by_day = {}
        for article in articles:
            by_day.setdefault(timezone.localtime(article.published_at).date(), []).append(
                {
                    "article": article,
                    "time": timezone.localtime(article.published_at),
                    "scheduled": schedule.is_scheduled(article),
                }
            )
        today = timezone.localdate()
        weeks = [
            [
                {"day": day, "today": day == today, "past": day < today, "entries": by_day.get(day, [])}
                for day in (first + timedelta(days=n + 7 * week) for n in range(7))
            ]
            for week in range(WEEKS)
        ]
        return TemplateResponse(
            request,
            "admin/articles/article/calendar.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Publishing calendar",
                "weeks": weeks,
                "zone": timezone.get_current_timezone_name(),
                "earlier": (first - timedelta(weeks=WEEKS - 1)).isoformat(),
                "later": (first + timedelta(weeks=WEEKS - 1)).isoformat(),
                "this_week": (_monday(today) - timedelta(weeks=1)).isoformat(),
            },
        )

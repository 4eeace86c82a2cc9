"""Realistic content in bulk for benchmarks and load tests: the same rows for the same seed, on any day.

Rows go in with ``bulk_create``, one transaction per batch of articles, so 100,000 articles take minutes.
Every placed photo is a library image of its own (caption, credit, alt text, renditions), but all of them
point at a small pool of real JPEG files, and renditions of them, written once into the default storage.
"""

import functools
import hashlib
import io
import itertools
import random
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, reset_queries, transaction
from django.utils.text import slugify
from PIL import Image as PILImage
from PIL import ImageDraw, ImageOps

from articles.api.stored import stored_make_missing
from articles.content import body
from articles.images import renditions
from articles.models import Article, ArticleAuthor, ArticleImage, Comment, Image, Rendition, Section, Tag
from articles.seeding.vocabulary import Vocabulary
from authors.models import Author, AuthorLink
from newsroom.public_cache import content_changed

# Publish times count back from a fixed moment in the past, so a seed gives the same rows whenever it runs and
# the articles are public; scheduled ones sit far ahead, so none goes public in the middle of a benchmark.
NEWEST_PUBLISHED = datetime(2026, 11, 1, 6, 0, tzinfo=UTC)
SCHEDULED_FROM = datetime(2099, 1, 1, 6, 0, tzinfo=UTC)
ARTICLES_PER_BATCH = 1000
ROWS_PER_INSERT = 2000
PHOTO_SIZES = [(1200, 800), (1600, 900), (800, 1000), (1200, 800), (1400, 933)]
PHOTO_POOL = [
    (f"images/generated/photo-{n:02}.jpg", size)
    for n, size in enumerate(itertools.islice(itertools.cycle(PHOTO_SIZES), 20), start=1)
]

SECTIONS = {  # name: its topics ("Opinion" writes about any of them)
    "World": "diplomacy sanctions refugees ceasefire embassies",
    "Politics": "elections budgets taxes immigration policing courts",
    "Business": "inflation tariffs banking startups wages pensions housing",
    "Technology": "cybersecurity broadband satellites semiconductors software robotics",
    "Science": "astronomy genetics oceans archaeology physics",
    "Health": "vaccines hospitals nursing pharmacare dementia",
    "Climate": "wildfires drought flooding emissions permafrost",
    "Energy": "pipelines nuclear hydrogen electricity mining batteries",
    "Defence": "submarines icebreakers drones procurement sovereignty",
    "Culture": "film music books theatre museums",
    "Sport": "hockey football athletics curling rowing",
    "Opinion": "",
}
TOPICS = [topic for topics in SECTIONS.values() for topic in topics.split()]
PLACES = (
    "Ottawa Toronto Montreal Vancouver Halifax Winnipeg Calgary Iqaluit Yellowknife Whitehorse Washington London "
    "Paris Berlin Brussels Kyiv Warsaw Oslo Stockholm Helsinki Reykjavik Nuuk Tokyo Seoul Beijing Delhi Nairobi "
    "Lagos Cairo Istanbul Madrid Rome Geneva Mexico Brasilia Santiago Lima Sydney Auckland Jakarta Manila Singapore"
).split()
TAG_COUNT = 200
ACTORS = (
    "ministers regulators researchers unions officials investors doctors teachers farmers engineers mayors "
    "residents lawmakers scientists economists nurses fishers diplomats"
).split()
VERBS = "weigh back reject question announce delay expand review defend unveil approve challenge scrap revive".split()
TROUBLES = "shortages delays cuts costs risks gaps backlogs".split()
THINGS = "deal report debate review bill plan study inquiry strategy".split()
MOVES = ["stalls", "gathers pace", "divides opinion", "faces scrutiny", "wins support", "hits a snag"]
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
TITLES = [
    "{place} {actors} {verb} {topic} {thing}",
    "{Actors} in {place} {verb} new {topic} rules",
    "Why {place} is betting on {topic}",
    "{place} {actors} warn of {topic} {trouble}",
    "What the {topic} {thing} means for {place}",
    "{Topic} {thing} {moves} in {place}",
    "Inside {place}’s fight over {topic}",
]
LEADS = [
    "{Actors} in {place} {verb} the {topic} {thing} on {weekday}, a move that could reshape the region for years.",
    "The {topic} {thing} unveiled in {place} this week has drawn sharp reactions from {actors} and {actors2}.",
    "For {actors} in {place}, the question of {topic} is no longer abstract.",
]
SENTENCES = [  # {topic} is the article's own topic or a word of the vocabulary; {term} and {term2} are words of it
    "{Actors} in {place} said the {topic} {thing} would take at least {n} years to complete.",
    "The {thing} follows months of pressure from {actors} who say {topic} has been neglected.",
    "“We have been asking for {term} for a long time,” said one of the {actors}, who asked not to be named.",
    "According to figures released on {weekday}, spending on {topic} rose by {n} per cent last year.",
    "Critics argue that the plan does little to address {trouble} in {topic} or {term}.",
    "{Actors} and {actors2} met in {place} on {weekday} to discuss the {topic} {thing}.",
    "The government has promised a decision on {topic} before the end of the year.",
    "Officials in {place} declined to comment on the timing of the {term} {thing}.",
    "Some {actors} say the changes to {topic} come too late for the communities most affected.",
    "A similar {thing} in {place} was abandoned in {year} after its costs doubled.",
    "Supporters say {topic} could create {n} thousand jobs across the region.",
    "Opposition members called the announcement on {topic} a missed opportunity.",
    "Independent analysts cautioned that {trouble} could slow progress on {topic}.",
    "Residents of {place} have watched {topic} and {term} become a daily concern.",
    "The minister is due to visit {place} next {weekday} to meet {actors} working on {term}.",
    "A spokesperson said the {term} {thing} would be published in full within {n} weeks.",
    "The {term} programme, launched in {place} in {year}, now also covers {topic}.",
    "Much depends on {term} and {term2}, {actors} said.",
    "{Actors} pointed to {term} as the main obstacle to {topic}.",
    "Work on {term} in {place} resumed on {weekday}.",
    "Questions about {term} and {topic} dominated the meeting.",
    "The {term} committee is expected to report on {topic} within {n} weeks.",
    "In {place}, {term} has long been tied to {term2}.",
    "A survey of {actors} found broad support for {term} but little for {term2}.",
]
# The shares of a body's topic slots that go to the article's own topic and to another topic of its section (a story
# on wildfires mentions drought more often than the news at large does); the rest are words of the vocabulary.
ON_TOPIC, ON_SECTION = 0.25, 0.15
DEKS = [
    "{Actors} say the {topic} {thing} could change {place} for a generation.",
    "The {thing} on {topic} leaves {actors} with more questions than answers.",
    "A closer look at {topic}, and at who pays for it, in {place}.",
]
SCENES = [
    "gather outside the legislature",
    "inspect a construction site",
    "wait at a ferry terminal",
    "speak to reporters",
    "march through the city centre",
    "tour a research station",
    "examine samples in a laboratory",
    "unload supplies at the harbour",
    "listen to a briefing",
]
FIRST_NAMES = (
    "Amara Jonathan Sofia Liam Mei Oluwaseun Noor Mateo Aisha Erik Priya Tomasz Ingrid Kenji Fatima Daniel "
    "Chloé Rafael Hana Samuel Leila Marcus Yuki Joaquín Astrid Kwame Elena Dmitri Grace Arjun Siobhan Omar"
).split()
LAST_NAMES = (
    "Wade Okafor Tremblay Nguyen Haddad Lindqvist Kowalski Singh Moreau Tanaka Osei Fernández Campbell Novak "
    "MacLeod Rahman Bergström Kim Dubois Mensah Petrov O’Brien Castillo Sato Mwangi Fraser Larsen Chen"
).split()
POST_NOMINALS = ["CD", "PhD", "MBE", "OBE", "FRSC", "MD", "PhD, FRSC"]
JOB_TITLES = [
    "Reporter",
    "Senior correspondent",
    "Political editor",
    "Science writer",
    "Columnist",
    "Data journalist",
    "Foreign correspondent",
    "Business editor",
    "Health reporter",
    "Defence correspondent",
    "Photographer",
]
OUTLETS = ["the Northern Ledger", "Harbour Radio", "the Capital Review", "Coastline Weekly", "the Evening Post"]
AGENCIES = ["Newsroom", "Northwind Photo", "Harbour Pictures", "Polar Images"]
LINK_KINDS = [
    ("Website", "https://{slug}.example.com/"),
    ("Mastodon", "https://social.example/@{slug}"),
    ("LinkedIn", "https://www.linkedin.example/in/{slug}"),
    ("Bluesky", "https://bsky.example/profile/{slug}"),
]
COMMENT_LINES = [
    "Thank you for covering this.",
    "I live nearby and this matches what we see every day.",
    "The numbers in the fourth paragraph do not add up.",
    "Who is paying for all of this?",
    "This should have happened years ago.",
    "Great reporting, as always.",
    "I would like to read more about the people affected.",
    "The minister said the opposite last spring.",
    "Any word on when the report will be public?",
    "Finally some good news.",
    "This is exactly what the committee warned about.",
    "Could you link the original study?",
]
COMMENT_STATUSES = (
    [Comment.Status.APPROVED] * 14 + [Comment.Status.PENDING] * 4 + [Comment.Status.REJECTED, Comment.Status.SPAM]
)
KINDS = {  # kind of article: (status, share in per mille)
    "public": (Article.Status.PUBLISHED, 950),
    "draft": (Article.Status.DRAFT, 25),
    "in_review": (Article.Status.IN_REVIEW, 10),
    "scheduled": (Article.Status.PUBLISHED, 15),
}


@contextmanager
def timestamps_as_given(*models):
    """bulk_create would stamp ``auto_now`` fields with the time of the run; generated rows carry their own."""
    fields = [
        field
        for model in models
        for field in model._meta.concrete_fields
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False)
    ]
    saved = [(field, field.auto_now, field.auto_now_add) for field in fields]
    for field in fields:
        field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add


def photo_jpeg(number, size):
    """A real JPEG: a sky gradient over a skyline, different for every number and the same on every run."""
    rng = random.Random(number)
    sky = ImageOps.colorize(
        PILImage.linear_gradient("L").resize(size),
        black=tuple(rng.randrange(120, 230) for _ in range(3)),
        white=tuple(rng.randrange(20, 110) for _ in range(3)),
    )
    draw = ImageDraw.Draw(sky)
    width, height = size
    x = 0
    while x < width:
        w, h = rng.randrange(width // 20, width // 6), rng.randrange(height // 6, height // 2)
        draw.rectangle([x, height - h, x + w, height], fill=tuple(rng.randrange(10, 90) for _ in range(3)))
        x += w + rng.randrange(0, width // 30)
    buffer = io.BytesIO()
    sky.save(buffer, format="JPEG", quality=75)
    return buffer.getvalue()


@functools.cache
def pool_photo(number):
    """Pool photo ``number``: its JPEG and its renditions as the image library makes them (the same on every call)."""
    data = photo_jpeg(number, PHOTO_POOL[number][1])
    return data, renditions.make(PILImage.open(io.BytesIO(data)), image_format="JPEG", focal=(0.5, 0.5))


@dataclass(frozen=True)
class PooledPhoto:
    name: str
    url: str
    width: int
    height: int
    file_size: int
    content_hash: str
    renditions: list  # (spec, format, width, height, file name)


def ensure_photo_pool():
    """The photo files every generated image points at, with their renditions, written where missing."""
    pool = []
    for number, (name, (width, height)) in enumerate(PHOTO_POOL):
        data, made = pool_photo(number)
        files = {name: data}
        stem = name.rsplit("/", 1)[-1].removesuffix(".jpg")
        specs = []
        for spec, image_format, w, h, encoded in made:
            file_name = f"renditions/generated/{stem}-{spec}.{renditions.EXTENSIONS[image_format]}"
            files[file_name] = encoded
            specs.append((spec, image_format, w, h, file_name))
        for file_name, content in files.items():
            if not default_storage.exists(file_name):
                default_storage.save(file_name, ContentFile(content))
        digest = hashlib.sha256(data).hexdigest()
        pool.append(PooledPhoto(name, default_storage.url(name), width, height, len(data), digest, specs))
    return pool


def add_pool_renditions(images, pool):
    """Give each saved image the renditions of its pooled file, copied inside the database in one statement.

    Some ten renditions per photo would otherwise be most of the rows that Python builds and sends.
    """
    q = connection.ops.quote_name
    pool_rows = [(photo.name, *rendition) for photo in pool for rendition in photo.renditions]
    fields = ["image", "spec", "format", "width", "height", "file"]
    columns = ", ".join(q(Rendition._meta.get_field(name).column) for name in fields)
    pool_values = ", ".join(["(%s, %s, %s, %s, %s, %s)"] * len(pool_rows))
    sql = f"""
        WITH pool (photo, spec, format, width, height, file) AS (VALUES {pool_values})
        INSERT INTO {q(Rendition._meta.db_table)} ({columns})
        SELECT image.id, pool.spec, pool.format, pool.width, pool.height, pool.file
        FROM {q(Image._meta.db_table)} AS image JOIN pool ON pool.photo = image.{q("file")}
        WHERE image.id IN ({", ".join(["%s"] * len(images))})
    """
    with connection.cursor() as cursor:
        cursor.execute(sql, [value for row in pool_rows for value in row] + [image.pk for image in images])


def refresh_planner_statistics():
    """Let the query planner know the new rows: without statistics, plans after a bulk load are far off.

    On PostgreSQL a vacuum also marks the pages visible, so counts can come from an index alone; it cannot run
    inside a transaction (as in tests), where ANALYZE alone is done.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


def unique_slug(base, taken):
    """``base``, or ``base-2``, ``base-3``… whichever is not taken yet; it is taken from then on."""
    slug = base
    for n in itertools.count(2):
        if slug not in taken:
            break
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def taxonomy(model, descriptions):
    """One row per name (``{name: description}``), reusing rows already there with the same slug."""
    wanted = {slugify(name): (name, description) for name, description in descriptions.items()}
    existing = {row.slug: row for row in model.objects.filter(slug__in=wanted)}
    created = model.objects.bulk_create(
        [model(name=name, slug=slug, description=d) for slug, (name, d) in wanted.items() if slug not in existing]
    )
    rows = {**existing, **{row.slug: row for row in created}}
    return {name: rows[slug] for slug, (name, _) in wanted.items()}


class ContentGenerator:
    """Builds rows from one random stream: the same draws in the same order are what make a seed reproducible."""

    def __init__(self, rng, *, comments_per_article):
        self.rng = rng
        self.comments_per_article = comments_per_article
        self.clock = NEWEST_PUBLISHED
        self.slugs = set(Article.objects.values_list("slug", flat=True))
        self.counts = {"articles": 0, "public": 0, "draft": 0, "in_review": 0, "scheduled": 0, "images": 0}
        self.counts.update(comments=0, approved=0, pending=0, replies=0)
        self.vocabulary = Vocabulary(rng, TOPICS)
        # Sentences are filled once but for their words of the vocabulary, drawn anew each time one is used.
        slots = {"topic": "{0}", "term": "{1}", "term2": "{2}"}
        self.sentences = [self._fill(rng.choice(SENTENCES), **slots) for _ in range(3000)]

    def _fill(self, template, **fixed):
        rng = self.rng
        actors, actors2 = rng.sample(ACTORS, 2)
        words = {
            "place": rng.choice(PLACES),
            "topic": rng.choice(TOPICS),
            "actors": actors,
            "actors2": actors2,
            "verb": rng.choice(VERBS),
            "thing": rng.choice(THINGS),
            "trouble": rng.choice(TROUBLES),
            "moves": rng.choice(MOVES),
            "weekday": rng.choice(WEEKDAYS),
            "n": rng.randint(2, 40),
            "year": rng.randint(1995, 2024),
            **fixed,
        }
        text = template.format(Actors=words["actors"].capitalize(), Topic=words["topic"].capitalize(), **words)
        return text[0].upper() + text[1:]

    def prepare(self, *, authors):
        """Sections, tags, authors and the photo files that articles are made of."""
        rng = self.rng
        self.sections = taxonomy(Section, {name: f"{topics.capitalize()}." for name, topics in SECTIONS.items()})
        pairs = [f"{place} {topic}" for place in PLACES for topic in TOPICS]
        combined = rng.sample(pairs, TAG_COUNT - len(PLACES) - len(TOPICS))
        self.tags = taxonomy(Tag, {name: "" for name in [*PLACES, *TOPICS, *combined]})
        self.tag_list = list(self.tags.values())
        self.photos = ensure_photo_pool()
        self.authors = self._authors(authors)
        # A few prolific bylines and a long tail, as on a real desk.
        self.author_weights = list(itertools.accumulate(1 / (rank + 1) ** 0.7 for rank in range(len(self.authors))))

    def _authors(self, count):
        rng = self.rng
        slugs = set(Author.objects.values_list("slug", flat=True))
        authors, links = [], []
        for _ in range(count):
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            slug = unique_slug(Author.slug_for(name), slugs)
            topics, beats = rng.sample(TOPICS, rng.randint(1, 3)), rng.sample(PLACES, rng.randint(1, 2))
            joined = NEWEST_PUBLISHED - timedelta(days=rng.randint(900, 4000))
            author = Author(
                name=name,
                slug=slug,
                post_nominals=rng.choice(POST_NOMINALS) if rng.random() < 0.2 else "",
                job_title=rng.choice(JOB_TITLES),
                expertise=topics,
                beats=beats,
                email=f"{slug}@newsroom.example",
                bio=(
                    f"{name} covers {' and '.join(topics)} from {beats[0]}. "
                    f"{name.split()[0]} previously reported for {rng.choice(OUTLETS)} for {rng.randint(2, 15)} years."
                ),
                is_active=rng.random() > 0.03,
                created_at=joined,
                updated_at=joined,
            )
            authors.append(author)
            for position, (label, url) in enumerate(rng.sample(LINK_KINDS, rng.randint(0, 3))):
                links.append(AuthorLink(author=author, label=label, url=url.format(slug=slug), position=position))
        Author.objects.bulk_create(authors, batch_size=ROWS_PER_INSERT)
        AuthorLink.objects.bulk_create(links, batch_size=ROWS_PER_INSERT)
        return authors

    def write_batch(self, count):
        """``count`` articles with their bylines, tags, photos and comments, in one transaction."""
        rows = {"images": [], "articles": [], "bylines": [], "tags": [], "placements": []}
        rows["comments"] = [[], [], []]  # by level: top-level comments, replies, replies to replies
        for _ in range(count):
            self._article(rows)
        with transaction.atomic():
            Image.objects.bulk_create(rows["images"], batch_size=ROWS_PER_INSERT)
            add_pool_renditions(rows["images"], self.photos)
            Article.objects.bulk_create(rows["articles"], batch_size=ROWS_PER_INSERT)
            ArticleAuthor.objects.bulk_create(rows["bylines"], batch_size=ROWS_PER_INSERT)
            Article.tags.through.objects.bulk_create(rows["tags"], batch_size=ROWS_PER_INSERT)
            ArticleImage.objects.bulk_create(rows["placements"], batch_size=ROWS_PER_INSERT)
            for level in rows["comments"]:  # parents before their replies: a reply needs its parent's id
                Comment.objects.bulk_create(level, batch_size=ROWS_PER_INSERT)

    def _article(self, rows):
        rng, counts = self.rng, self.counts
        self.clock -= timedelta(minutes=rng.randint(3, 15))
        slot = self.clock
        section = rng.choice(list(SECTIONS))
        words = {"topic": rng.choice(SECTIONS[section].split() or TOPICS), "place": rng.choice(PLACES)}

        title = self._fill(rng.choice(TITLES), **words)
        slug = unique_slug(slugify(title)[:280], self.slugs)

        lead = self._fill(rng.choice(LEADS), **words)
        topics = (words["topic"], SECTIONS[section].split() or TOPICS)
        paragraphs = [" ".join([lead, *self._sentences(rng.randint(2, 4), topics=topics)])]
        paragraphs += [" ".join(self._sentences(rng.randint(3, 5), topics=topics)) for _ in range(rng.randint(4, 6))]
        photo_count = rng.choices([1, 2, 3], weights=[35, 40, 25])[0]
        photo_after = set(rng.sample(range(1, len(paragraphs)), photo_count))

        kind = rng.choices(list(KINDS), weights=[share for _, share in KINDS.values()])[0]
        published_at = {"public": slot, "scheduled": SCHEDULED_FROM + timedelta(hours=counts["scheduled"])}.get(kind)
        counts[kind] += 1
        article = Article(
            title=title,
            slug=slug,
            dek=self._fill(rng.choice(DEKS), **words),
            excerpt=lead,
            section=self.sections[section],
            status=KINDS[kind][0],
            published_at=published_at,
            comments_enabled=rng.random() < 0.9,
            created_at=slot - timedelta(hours=rng.randint(1, 48)),
            updated_at=slot + timedelta(minutes=rng.choice([0, 0, 0, 12, 45, 180])),
        )

        parts, first_photo = [], len(rows["images"])
        for index, paragraph in enumerate(paragraphs):
            if index in photo_after:
                parts.append(self._photo(article, position=len(rows["images"]) - first_photo, rows=rows, before=slot))
            parts.append(f"<p>{paragraph}</p>")  # the vocabulary has no markup characters to escape
        article.body = "\n".join(parts)
        article.word_count = body.word_count(article.body)  # what save() would compute
        article.featured_image = rows["images"][first_photo]
        rows["articles"].append(article)
        counts["articles"] += 1
        counts["images"] += len(photo_after)

        for position, author in enumerate(self._byline()):
            rows["bylines"].append(ArticleAuthor(article=article, author=author, position=position))
        for tag in self._tags(words):
            rows["tags"].append(Article.tags.through(article=article, tag=tag))
        if kind == "public" and article.comments_enabled:
            self._comments(article, rows["comments"])

    def _sentences(self, count, *, topics):
        """``count`` sentences of the pool with words of the vocabulary, some on the article's topic or section."""
        rng, draw = self.rng, self.vocabulary.draw
        own, of_section = topics
        sentences = []
        for text in rng.choices(self.sentences, k=count):
            chance = rng.random()
            topic = own if chance < ON_TOPIC else rng.choice(of_section) if chance < ON_TOPIC + ON_SECTION else None
            sentences.append(text.format(topic or draw()[0], *draw(2)))
        return sentences

    def _photo(self, article, *, position, rows, before):
        """A library photo on a pooled file (with renditions), placed in the article; the figure that shows it."""
        rng = self.rng
        photo = rng.choice(self.photos)
        actors, scene, place = rng.choice(ACTORS).capitalize(), rng.choice(SCENES), rng.choice(PLACES)
        caption = f"{actors} {scene} in {place}."
        override = f"{actors} {scene} in {place} on {rng.choice(WEEKDAYS)}." if rng.random() < 0.15 else ""
        shot = before - timedelta(hours=rng.randint(2, 72))
        image = Image(
            file=photo.name,
            width=photo.width,
            height=photo.height,
            format="JPEG",
            file_size=photo.file_size,
            content_hash=photo.content_hash,
            stored_renditions=[list(rendition) for rendition in sorted(photo.renditions)],
            caption=caption,
            alt_text=f"{actors} {scene}",
            credit=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} / {rng.choice(AGENCIES)}",
            created_at=shot,
            updated_at=shot,
        )
        rows["images"].append(image)
        rows["placements"].append(ArticleImage(article=article, image=image, position=position, caption=override))
        return (
            f'<figure><img src="{photo.url}" alt="{image.alt_text}" width="{photo.width}" height="{photo.height}">'
            f"<figcaption>{override or caption}</figcaption></figure>"
        )

    def _byline(self):
        count = self.rng.choices([1, 2, 3], weights=[70, 22, 8])[0]
        byline = []
        while len(byline) < min(count, len(self.authors)):
            author = self.rng.choices(self.authors, cum_weights=self.author_weights)[0]
            if author not in byline:
                byline.append(author)
        return byline

    def _tags(self, words):
        rng = self.rng
        chosen = [self.tags[words["topic"]]]
        if rng.random() < 0.8:
            chosen.append(self.tags[words["place"]])
        for tag in rng.sample(self.tag_list, rng.randint(0, 3)):
            if tag not in chosen:
                chosen.append(tag)
        return chosen[:5]

    def _comments(self, article, levels):
        """Approved, pending and moderated comments; replies only to approved ones, at most three levels deep."""
        rng, counts = self.rng, self.counts
        when = article.published_at
        answerable = []  # (comment, level, thread root) of approved comments above the deepest level
        for _ in range(rng.randint(0, 2 * self.comments_per_article)):
            when += timedelta(minutes=rng.randint(1, 90))
            parent, level, root = rng.choice(answerable) if answerable and rng.random() < 0.35 else (None, -1, None)
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            status = rng.choice(COMMENT_STATUSES)
            comment = Comment(
                article=article,
                parent=parent,
                thread=root,
                author_name=f"{first} {last[0]}.",
                author_email=f"{slugify(first)}.{slugify(last)}@example.net",
                body=" ".join(rng.sample(COMMENT_LINES, rng.randint(1, 3))),
                status=status,
                created_at=when,
                moderated_at=None if status == Comment.Status.PENDING else when + timedelta(minutes=rng.randint(5, 90)),
            )
            levels[level + 1].append(comment)
            if status == Comment.Status.APPROVED and level + 1 < len(levels) - 1:
                answerable.append((comment, level + 1, root or comment))
            counts["comments"] += 1
            counts["replies"] += parent is not None
            counts["approved"] += status == Comment.Status.APPROVED
            counts["pending"] += status == Comment.Status.PENDING


class Command(BaseCommand):
    help = "Generate realistic articles, authors, photos and comments in bulk for benchmarks; the same for one --seed."

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, required=True, help="How many articles to add.")
        parser.add_argument("--seed", type=int, default=1, help="The same seed gives the same content (default 1).")
        parser.add_argument("--authors", type=int, help="Authors to add (default: one per 50 articles, 20 to 500).")
        parser.add_argument(
            "--comments-per-article", type=int, default=4, help="Average comments on a public article (default 4)."
        )

    def handle(self, *args, articles, seed, authors, comments_per_article, **options):
        if articles < 1:
            raise CommandError("--articles must be 1 or more.")
        if authors is not None and authors < 1:
            raise CommandError("--authors must be 1 or more.")
        started, progress = time.monotonic(), articles >= 20_000 or options["verbosity"] > 1
        generator = ContentGenerator(random.Random(seed), comments_per_article=max(0, comments_per_article))
        with timestamps_as_given(Article, Image, Comment, Author):
            with transaction.atomic():
                generator.prepare(authors=authors or min(500, max(20, articles // 50)))
            for done in range(0, articles, ARTICLES_PER_BATCH):
                generator.write_batch(min(ARTICLES_PER_BATCH, articles - done))
                reset_queries()  # with DEBUG on, Django keeps every statement, and these run to megabytes
                if progress and (done // ARTICLES_PER_BATCH) % 10 == 9:
                    self.stdout.write(f"  {done + ARTICLES_PER_BATCH:,} articles in {time.monotonic() - started:.0f} s")
        made = stored_make_missing()  # bulk_create sends no signals: the cards and details are made here
        if progress:
            self.stdout.write(f"  {made:,} cards and details made at {time.monotonic() - started:.0f} s")
        refresh_planner_statistics()
        if progress:
            self.stdout.write(f"  planner statistics refreshed at {time.monotonic() - started:.0f} s")
        content_changed()  # bulk_create sends no signals: end the cached public responses by hand

        c = generator.counts
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {c['articles']:,} articles in {time.monotonic() - started:.1f} s (seed {seed}): "
                f"{c['public']:,} public, {c['scheduled']:,} scheduled, {c['draft']:,} drafts, "
                f"{c['in_review']:,} in review; "
                f"{len(generator.authors):,} authors, {len(generator.sections)} sections, {len(generator.tags)} tags, "
                f"{c['images']:,} images on {len(PHOTO_POOL)} photo files, {c['comments']:,} comments "
                f"({c['approved']:,} approved, {c['pending']:,} pending, {c['replies']:,} replies)."
            )
        )

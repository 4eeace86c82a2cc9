"""A generated WordPress export (WXR 1.2) of any size, with its uploads folder, to measure the importer.

    python -m bench.wordpress_export --posts 100000 --out bench/.data/wp   # export.xml and uploads/ in that folder
    python manage.py import_wordpress bench/.data/wp/export.xml --uploads bench/.data/wp/uploads

Every post has Gutenberg or classic content of about 300 words, a category and two tags, an author among 50; one
post in ``--photo-every`` places a photo of its own (an attachment with a file) and three comments, one a reply.
"""

import argparse
import io
import random
from pathlib import Path
from xml.sax.saxutils import escape

from PIL import Image as PILImage

WORDS = (
    "harbour council ferry quay storm fishermen tide lighthouse market season boats crew wall granite festival "
    "regatta school budget road bridge housing water museum vote minister report survey weather coast island"
).split()

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
	xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wfw="http://wellformedweb.org/CommentAPI/"
	xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
	<title>Generated Gazette</title>
	<link>https://generated.example</link>
	<wp:wxr_version>1.2</wp:wxr_version>
	<wp:base_site_url>https://generated.example</wp:base_site_url>
	<wp:base_blog_url>https://generated.example</wp:base_blog_url>
"""


def cdata(text):
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _sentence(rng, n=12):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def _photo(rng, number):
    buffer = io.BytesIO()
    colour = (number * 37 % 256, number * 91 % 256, number * 53 % 256)
    PILImage.new("RGB", (64 + number % 50, 48), colour).save(buffer, format="JPEG", quality=70)
    return buffer.getvalue()


def _item(post_id, post_type, title, body, *, creator="", status="publish", extra="", date="2024-01-01 00:00:00"):
    return f"""	<item>
		<title>{cdata(title)}</title>
		<link>https://generated.example/{post_id}/</link>
		<dc:creator>{cdata(creator)}</dc:creator>
		<guid isPermaLink="false">https://generated.example/?p={post_id}</guid>
		<content:encoded>{cdata(body)}</content:encoded>
		<excerpt:encoded>{cdata("")}</excerpt:encoded>
		<wp:post_id>{post_id}</wp:post_id>
		<wp:post_date>{cdata(date)}</wp:post_date>
		<wp:post_date_gmt>{cdata(date)}</wp:post_date_gmt>
		<wp:comment_status>{cdata("open")}</wp:comment_status>
		<wp:post_name>{cdata(f"post-{post_id}")}</wp:post_name>
		<wp:status>{cdata(status)}</wp:status>
		<wp:post_type>{cdata(post_type)}</wp:post_type>
		<wp:post_password>{cdata("")}</wp:post_password>
		<wp:is_sticky>0</wp:is_sticky>
{extra}	</item>
"""


def generate(out, *, posts, photo_every=10, seed=1):
    """Write ``out/export.xml`` and ``out/uploads/``; returns the export's path."""
    rng = random.Random(seed)
    out = Path(out)
    (out / "uploads" / "2024" / "01").mkdir(parents=True, exist_ok=True)
    path = out / "export.xml"
    with path.open("w", encoding="utf-8") as export:
        export.write(HEAD)
        for n in range(50):
            export.write(
                f"\t<wp:author><wp:author_login>{cdata(f'writer{n}')}</wp:author_login><wp:author_email>"
                f"{cdata(f'writer{n}@generated.example')}</wp:author_email><wp:author_display_name>"
                f"{cdata(f'Writer Number {n}')}</wp:author_display_name></wp:author>\n"
            )
        for n in range(12):
            export.write(
                f"\t<wp:category><wp:category_nicename>{cdata(f'section-{n}')}</wp:category_nicename>"
                f"<wp:category_parent>{cdata('')}</wp:category_parent><wp:cat_name>{cdata(f'Section {n}')}"
                "</wp:cat_name></wp:category>\n"
            )
        for post in range(1, posts + 1):
            post_id = post * 2
            paragraphs = [_sentence(rng, 25) for _ in range(12)]
            photo_id = post_id + 1 if post % photo_every == 0 else None
            if post % 2:
                body = "\n\n".join(f"<!-- wp:paragraph -->\n<p>{p}</p>\n<!-- /wp:paragraph -->" for p in paragraphs)
                if photo_id:
                    body += (
                        f'\n\n<!-- wp:image {{"id":{photo_id}}} -->\n<figure class="wp-block-image"><img src="https://'
                        f'generated.example/wp-content/uploads/2024/01/photo-{photo_id}.jpg" alt="" class="wp-image-'
                        f'{photo_id}"/><figcaption>{_sentence(rng, 6)}</figcaption></figure>\n<!-- /wp:image -->'
                    )
            else:
                body = "\n\n".join(paragraphs)
                if photo_id:
                    body += (
                        f'\n\n[caption id="attachment_{photo_id}"]<img class="wp-image-{photo_id}" src="https://'
                        f'generated.example/wp-content/uploads/2024/01/photo-{photo_id}.jpg" alt="" /> '
                        f"{_sentence(rng, 6)}[/caption]"
                    )
            section = post % 12
            terms = (
                f'\t\t<category domain="category" nicename="section-{section}">{cdata(f"S {section}")}</category>\n'
                + "".join(
                    f'\t\t<category domain="post_tag" nicename="tag-{t}">{cdata(f"Tag {t}")}</category>\n'
                    for t in (post % 200, (post * 7) % 200)
                )
            )
            comments = ""
            if photo_id:
                for c in range(3):
                    comments += (
                        f"\t\t<wp:comment><wp:comment_id>{post_id * 10 + c}</wp:comment_id><wp:comment_author>"
                        f"{cdata(f'Reader {c}')}</wp:comment_author><wp:comment_author_email>{cdata('r@example.net')}"
                        f"</wp:comment_author_email><wp:comment_author_IP>{cdata(f'192.0.2.{c}')}</wp:comment_author_IP>"
                        f"<wp:comment_date_gmt>{cdata('2024-01-02 00:00:00')}</wp:comment_date_gmt><wp:comment_content>"
                        f"{cdata(_sentence(rng))}</wp:comment_content><wp:comment_approved>{cdata('1')}"
                        f"</wp:comment_approved><wp:comment_type>{cdata('comment')}</wp:comment_type><wp:comment_parent>"
                        f"{post_id * 10 if c == 2 else 0}</wp:comment_parent></wp:comment>\n"
                    )
            title = _sentence(rng, 6)[:-1]
            export.write(_item(post_id, "post", title, body, creator=f"writer{post % 50}", extra=terms + comments))
            if photo_id:
                (out / "uploads" / "2024" / "01" / f"photo-{photo_id}.jpg").write_bytes(_photo(rng, photo_id))
                meta = (
                    f"\t\t<wp:attachment_url>{cdata(f'https://generated.example/wp-content/uploads/2024/01/photo-{photo_id}.jpg')}"
                    f"</wp:attachment_url>\n\t\t<wp:postmeta><wp:meta_key>{cdata('_wp_attached_file')}</wp:meta_key>"
                    f"<wp:meta_value>{cdata(f'2024/01/photo-{photo_id}.jpg')}</wp:meta_value></wp:postmeta>\n"
                    f"\t\t<wp:postmeta><wp:meta_key>{cdata('_wp_attachment_image_alt')}</wp:meta_key>"
                    f"<wp:meta_value>{cdata(escape(_sentence(rng, 5)))}</wp:meta_value></wp:postmeta>\n"
                )
                export.write(_item(photo_id, "attachment", f"photo {photo_id}", "", status="inherit", extra=meta))
        export.write("</channel>\n</rss>\n")
    return path


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--posts", type=int, default=10_000)
    parser.add_argument("--photo-every", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path("bench/.data/wordpress"))
    args = parser.parse_args()
    print(generate(args.out, posts=args.posts, photo_every=args.photo_every, seed=args.seed))


if __name__ == "__main__":
    main()

// An extension of django-prose-editor (loaded through DJANGO_PROSE_EDITOR_EXTENSIONS): embeds.
// A URL of a known provider pasted on an empty line becomes an embed, and so does one given to the menubar's Embed
// button; the body stores only <figure data-embed="URL"></figure>. The editor previews it from the admin's lookup
// (articles/embeds/admin.py), which asks the provider once and answers from the cache after; when the provider
// gives no answer the embed stays, shown with the URL and the reason.
import { Node, Plugin, mergeAttributes, updateAttrsDialog } from "django-prose-editor/editor";

const previews = new Map(); // url -> Promise of the lookup's JSON

function lookup(lookupUrl, url) {
  if (!previews.has(url)) {
    const request = fetch(`${lookupUrl}?url=${encodeURIComponent(url)}`, { credentials: "same-origin" })
      .then((response) => response.json().then((json) => (response.ok ? json : { url, error: json.detail || "" })))
      .catch(() => ({ url, error: "The server did not answer; the embed is kept and previewed later." }));
    previews.set(url, request);
  }
  return previews.get(url);
}

const compiled = new WeakMap(); // options -> the providers' URL patterns as RegExps

function embeddable(options, url) {
  if (!compiled.has(options)) compiled.set(options, options.patterns.map((p) => new RegExp(`^(?:${p})$`, "i")));
  return compiled.get(options).some((pattern) => pattern.test(url));
}

function el(tag, props = {}, children = []) {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

function showPreview(dom, preview) {
  const caption = el("figcaption", { className: "embed-preview__caption" }, [
    el("strong", { textContent: preview.provider_label || "Embed" }),
    ` ${preview.title || preview.url}`,
  ]);
  const parts = [];
  if (preview.error) {
    parts.push(el("p", { className: "embed-preview__error", textContent: `Not previewed: ${preview.error}` }));
  } else if (preview.html) {
    const frame = el("div", { className: "embed-preview__html" });
    frame.innerHTML = preview.html; // sanitised by the server to the provider's own sandboxed frames, no scripts
    parts.push(frame);
  } else if (preview.thumbnail_url) {
    parts.push(el("img", { src: preview.thumbnail_url, alt: "", className: "embed-preview__thumbnail" }));
  }
  dom.replaceChildren(...parts, caption, el("a", { href: preview.url, textContent: preview.url, target: "_blank" }));
  dom.dataset.previewed = preview.error ? "error" : "ok";
}

export const Embed = Node.create({
  name: "embed",
  group: "block",
  atom: true,
  draggable: true,
  priority: 1000, // before Figure, which takes every <figure>, and before the link's paste handling

  addOptions() {
    return { lookupUrl: null, patterns: [] };
  },

  addAttributes() {
    return { url: { default: null, parseHTML: (element) => element.getAttribute("data-embed") } };
  },

  parseHTML() {
    return [{ tag: "figure[data-embed]", priority: 100 }];
  },

  renderHTML({ node }) {
    return ["figure", mergeAttributes({ "data-embed": node.attrs.url })];
  },

  addNodeView() {
    const options = this.options;
    return ({ node }) => {
      const dom = el("figure", { className: "embed-preview", contentEditable: "false" });
      dom.dataset.embed = node.attrs.url;
      dom.append(el("p", { textContent: `Embed: ${node.attrs.url} (loading the preview…)` }));
      if (options.lookupUrl) lookup(options.lookupUrl, node.attrs.url).then((preview) => showPreview(dom, preview));
      return { dom };
    };
  },

  addCommands() {
    return {
      embedUrl:
        (url) =>
        ({ chain }) => {
          if (!embeddable(this.options, url)) {
            // No provider of the allowlist embeds it: it stays a link.
            const link = { type: "text", text: url, marks: [{ type: "link", attrs: { href: url } }] };
            return chain().insertContent({ type: "paragraph", content: [link] }).run();
          }
          return chain().insertContent({ type: this.name, attrs: { url } }).run();
        },
      insertEmbed:
        () =>
        ({ editor }) => {
          updateAttrsDialog(
            { url: { type: "string", title: "Address of the video, post, audio, chart or map", required: true } },
            { title: "Embed", submitText: "Embed" },
          )(editor, { url: "" }).then((attrs) => {
            const url = attrs && attrs.url.trim();
            if (url) editor.chain().focus().embedUrl(url).run();
          });
          return true;
        },
    };
  },

  addMenuItems({ buttons, menu }) {
    menu.defineItem({
      name: "embed",
      groups: "nodes",
      button: buttons.material("smart_display", "Embed a video, post, audio, chart or map"),
      command(editor) {
        editor.chain().insertEmbed().run();
      },
    });
  },

  addProseMirrorPlugins() {
    const extension = this;
    return [
      new Plugin({
        props: {
          handlePaste(view, event) {
            const text = ((event.clipboardData && event.clipboardData.getData("text/plain")) || "").trim();
            if (!/^https?:\/\/\S+$/.test(text) || !embeddable(extension.options, text)) return false;
            const { $from } = view.state.selection;
            if ($from.parent.type.name !== "paragraph" || $from.parent.content.size > 0) return false; // not alone
            event.preventDefault();
            const start = $from.before();
            const embed = view.state.schema.nodes[extension.name].create({ url: text });
            view.dispatch(view.state.tr.replaceWith(start, start + $from.parent.nodeSize, embed));
            return true;
          },
        },
      }),
    ];
  },
});

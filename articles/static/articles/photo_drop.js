// An extension of django-prose-editor (loaded through DJANGO_PROSE_EDITOR_EXTENSIONS): a photo file dropped on or
// pasted into the body is uploaded to the library and placed where it landed, as a figure with its caption; then
// the figure dialog opens on it, so its caption and alt text are typed at once (the placement's, as with the picker).
// It also keeps the cursor from being stuck in a caption: Enter there starts a paragraph after the photo, and a
// photo that ends the body gets a paragraph after it once the body changes (before that, a click below the photo
// finds the editor's gap cursor there, and typing starts the paragraph).
import { Extension, Plugin } from "django-prose-editor/editor";

function csrf() {
  const input = document.querySelector("[name=csrfmiddlewaretoken]");
  return input ? input.value : "";
}

function dialogOpen() {
  return Boolean(document.querySelector("dialog.prose-editor-dialog[open]"));
}

// Where the image whose address is ``src`` was placed: the one nearest to ``near`` (the same photo may be placed twice).
function imagePosition(doc, src, near) {
  let found = null;
  doc.descendants((node, pos) => {
    if (node.type.name === "image" && node.attrs.src === src && (found === null || Math.abs(pos - near) < Math.abs(found - near))) {
      found = pos;
    }
  });
  return found;
}

// The figure dialog of the photo at ``pos``, with its first empty field (alt text or caption) focused for typing.
function describe(editor, pos) {
  if (dialogOpen() || !editor.commands.setNodeSelection(pos) || !editor.commands.editImage()) return;
  const dialog = editor.view.dom.parentElement.querySelector("dialog.prose-editor-dialog[open]");
  const empty = dialog && Array.from(dialog.querySelectorAll("input[name=caption], input[name=altText]")).find((input) => !input.value);
  if (empty) empty.focus();
}

function photoFiles(list) {
  return Array.from(list || []).filter((file) => /^image\/(jpeg|png|webp|gif)$/.test(file.type));
}

export const PhotoDrop = Extension.create({
  name: "PhotoDrop",
  addOptions() {
    return { uploadUrl: null };
  },
  addKeyboardShortcuts() {
    return {
      Enter: ({ editor }) => {
        const { $from } = editor.state.selection;
        for (let depth = $from.depth; depth > 0; depth--) {
          if ($from.node(depth).type.name === "figure") {
            const after = $from.after(depth);
            return editor.chain().insertContentAt(after, { type: "paragraph" }).setTextSelection(after + 1).run();
          }
        }
        return false;
      },
    };
  },
  addProseMirrorPlugins() {
    const extension = this;
    const paragraphAfterLastPhoto = new Plugin({
      appendTransaction(transactions, oldState, state) {
        const last = state.doc.lastChild;
        if (!last || last.type.name !== "figure" || !transactions.some((tr) => tr.docChanged)) return null;
        return state.tr.insert(state.doc.content.size, state.schema.nodes.paragraph.create());
      },
    });
    const upload = (files, position) => {
      const editor = extension.editor;
      files.forEach((file) => {
        const data = new FormData();
        data.append("file", file);
        fetch(extension.options.uploadUrl, {
          method: "POST", body: data, credentials: "same-origin", headers: { "X-CSRFToken": csrf() },
        })
          .then((response) => response.json().then((json) => (response.ok ? json : Promise.reject(json))))
          .then((photo) => {
            const content = [{ type: "image", attrs: { src: photo.url, alt: photo.alternative_text || "" } }];
            if (photo.caption) content.push({ type: "caption", content: [{ type: "text", text: photo.caption }] });
            const at = Math.min(position == null ? editor.state.selection.to : position, editor.state.doc.content.size);
            editor.chain().focus().insertContentAt(at, { type: "figure", content }).run();
            editor.view.dom.dispatchEvent(new CustomEvent("photo-drop:placed", { bubbles: true, detail: photo }));
            const pos = imagePosition(editor.state.doc, photo.url, at);
            if (pos !== null && !(photo.caption && photo.alternative_text)) describe(editor, pos);
          })
          .catch((problem) => {
            window.alert("The photo was not uploaded: " + ((problem && problem.detail) || "the server did not answer") + ".");
          });
      });
    };
    return [
      paragraphAfterLastPhoto,
      new Plugin({
        props: {
          handleDrop(view, event) {
            const files = photoFiles(event.dataTransfer && event.dataTransfer.files);
            if (!files.length || !extension.options.uploadUrl) return false;
            event.preventDefault();
            const spot = view.posAtCoords({ left: event.clientX, top: event.clientY });
            upload(files, spot ? spot.pos : null);
            return true;
          },
          handlePaste(view, event) {
            const files = photoFiles(event.clipboardData && event.clipboardData.files);
            if (!files.length || !extension.options.uploadUrl) return false;
            event.preventDefault();
            upload(files, null);
            return true;
          },
        },
      }),
    ];
  },
});

// Small DOM helpers: elements are built, never assembled from HTML strings (no injection).

/** h("button", {onclick, class: "x"}, "text", child...) */
export function h(tag, attributes, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on")) element.addEventListener(name.slice(2), value);
    else if (name === "checked" || name === "value" || name === "disabled" || name === "selected") element[name] = value;
    else element.setAttribute(name, value === true ? "" : value);
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : String(child));
  }
  return element;
}

/** A labelled input; `label` is the visible (and accessible) name. */
export function field(label, attributes) {
  return h("label", {}, label, h("input", attributes));
}

export function checkbox(label, attributes) {
  return h("label", { class: "inline" }, h("input", { type: "checkbox", ...attributes }), label);
}

/** Why a page of account-wide definitions is read-only for a tenant's users (api.changesAccountWide). */
export function accountWideNote(what) {
  return h("p", { class: "muted", id: "account-wide-note" },
    `${what} apply in every tenant: they are changed from the default tenant, so here they are read-only.`);
}

/** A message line that screen readers announce; errors are shown as the API wrote them. */
export function messages() {
  const error = h("p", { class: "error", role: "alert" });
  const notice = h("p", { class: "notice", role: "status" });
  return {
    nodes: [error, notice],
    error(e) {
      notice.textContent = "";
      error.textContent = e instanceof Error ? e.message : String(e);
    },
    notice(text) {
      error.textContent = "";
      notice.textContent = text;
    },
    clear() {
      error.textContent = "";
      notice.textContent = "";
    },
    clearError() {
      error.textContent = "";
    },
  };
}

/**
 * Runs an action, reporting its failure (never silent) and optionally its success. A success
 * without a message (e.g. reloading a list) keeps the last notice and clears a stale error, unless
 * `keepError`: a reload nobody asked for (a live change) must not wipe an error not yet read.
 */
export async function attempt(status, action, success, { keepError = false } = {}) {
  try {
    const result = await action();
    if (success) status.notice(success);
    else if (!keepError) status.clearError();
    return result;
  } catch (e) {
    status.error(e);
    return undefined;
  }
}

export function table(headings, rows, caption) {
  return h(
    "table",
    {},
    caption ? h("caption", { class: "muted" }, caption) : null,
    h("thead", {}, h("tr", {}, headings.map((heading) => h("th", { scope: "col" }, heading)))),
    h("tbody", {}, rows.length ? rows : h("tr", {}, h("td", { colspan: headings.length, class: "muted" }, "Nothing here."))),
  );
}

/** Previous / next for a §0 page; `go(page)` loads another. */
export function pager(page, go) {
  const pages = Math.max(1, Math.ceil(page.totalRecords / page.pageSize));
  return h(
    "div",
    { class: "pager" },
    h("button", { type: "button", class: "secondary", disabled: page.page <= 1, onclick: () => go(page.page - 1) }, "Previous"),
    h("span", {}, `Page ${page.page} of ${pages} (${page.totalRecords} in all)`),
    h("button", { type: "button", class: "secondary", disabled: page.page >= pages, onclick: () => go(page.page + 1) }, "Next"),
  );
}

export function pretty(value) {
  return JSON.stringify(value, null, 2);
}

/** Parses JSON typed by a person; the error names where it went wrong. */
export function parseJson(text, what) {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${what} is not valid JSON: ${e.message}`);
  }
}

/** Tabs with roles and arrow-key navigation (WAI-ARIA tabs pattern). */
export function tabs(labels, selected, choose) {
  const buttons = labels.map((label, i) =>
    h("button", {
      type: "button",
      role: "tab",
      id: `tab-${label.toLowerCase()}`,
      "aria-selected": String(i === selected),
      tabindex: i === selected ? "0" : "-1",
      onclick: () => choose(i),
      onkeydown: (event) => {
        if (event.key === "ArrowRight") choose((i + 1) % labels.length, true);
        if (event.key === "ArrowLeft") choose((i + labels.length - 1) % labels.length, true);
      },
    }, label),
  );
  return h("div", { class: "tabs", role: "tablist" }, buttons);
}

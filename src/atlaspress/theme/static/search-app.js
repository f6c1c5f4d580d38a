/* atlaspress search overlay: Pagefind, loaded only when the reader opens search (this file
   too: search.js loads it on the first "/" or click, then calls atlaspressSearch.open).
   "/" or the header button opens it; results update as you type; Enter opens the first
   result; Esc closes and returns focus. A query naming a city or country also lists the
   places near it. Without JavaScript the header link leads to the archive. */
(() => {
  "use strict";
  const dialog = document.getElementById("search");
  if (!dialog || typeof dialog.showModal !== "function") return;
  const input = dialog.querySelector(".search__input");
  const list = dialog.querySelector("#search-results");
  const status = dialog.querySelector(".search__status");
  const near = dialog.querySelector(".search__near");
  const nearTitle = near.querySelector("h3");
  const nearList = near.querySelector("ol");
  const filtersBox = dialog.querySelector(".search__filters");
  const root = new URL(dialog.dataset.root, location.href);
  let opener = null;
  let pagefind = null;
  let places = null;
  let seq = 0;

  const fold = (s) => s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  const el = (tag, attrs = {}, text) => {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  };

  // The index is in shards (atlaspress.output.search): pagefind/ holds the first, and
  // pagefind/shards.json lists the folders of the others, merged into it once.
  function loadPagefind() {
    if (!pagefind) {
      pagefind = (async () => {
        const bundle = new URL(dialog.dataset.pagefind, location.href);
        const pf = await import(bundle.href);
        await pf.options({ baseUrl: root.pathname });
        pf.init();
        const response = await fetch(new URL("shards.json", bundle));
        const shards = response.ok ? await response.json() : { merge: [] };
        await Promise.all(shards.merge.map((folder) =>
          pf.mergeIndex(new URL(folder, bundle).pathname, { baseUrl: root.pathname })));
        await setUpFilters();
        return pf;
      })();
      pagefind.catch(() => { pagefind = null; });
    }
    return pagefind;
  }

  // Facets come from places.json (Pagefind's own filter chunks are not byte-stable).
  async function setUpFilters() {
    const data = await loadPlaces();
    const facets = {
      series: (post) => (post.series ? [post.series] : []),
      tag: (post) => post.tags,
      country: (post) => (post.country_name ? [post.country_name] : []),
    };
    let any = false;
    for (const select of dialog.querySelectorAll("select[data-filter]")) {
      const values = [...new Set(data.posts.flatMap(facets[select.dataset.filter]))].sort();
      for (const value of values) select.append(el("option", { value }, value));
      select.closest("label").hidden = values.length === 0;
      any = any || values.length > 0;
      select.addEventListener("change", () => run());
    }
    filtersBox.hidden = !any;
    matchesFilters = (slug) => {
      const post = data.posts.find((p) => p.slug === slug);
      // A site page (About …) has no slug meta and no facets: shown while no filter is set.
      if (!post) return !slug && [...dialog.querySelectorAll("select[data-filter]")].every((s) => !s.value);
      for (const select of dialog.querySelectorAll("select[data-filter]")) {
        if (select.value && !facets[select.dataset.filter](post).includes(select.value)) return false;
      }
      return true;
    };
  }
  let matchesFilters = () => true;

  async function loadPlaces() {
    if (!places) {
      const response = await fetch(new URL(dialog.dataset.places, location.href));
      places = await response.json();
    }
    return places;
  }

  function distanceKm(a, b) {
    const rad = Math.PI / 180;
    const dLat = (b.lat - a.lat) * rad;
    const dLon = (b.lon - a.lon) * rad;
    const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(dLon / 2) ** 2;
    return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
  }

  const formatKm = (km) => (km < 10 ? km.toFixed(1) : Math.round(km).toLocaleString("en")) + " km";

  function resultItem(href, title, subtitle, excerptHtml, thumb) {
    const li = el("li", { class: "search__result" });
    const a = el("a", { href });
    if (thumb) a.append(el("img", { src: thumb, alt: "", width: "96", height: "64", loading: "lazy" }));
    const text = el("span", { class: "search__text" });
    text.append(el("strong", {}, title));
    if (subtitle) text.append(el("span", { class: "search__subtitle" }, subtitle));
    if (excerptHtml) {
      const p = el("span", { class: "search__excerpt" });
      // Pagefind escapes the page text and adds only <mark> around matches.
      p.innerHTML = excerptHtml;
      text.append(p);
    }
    a.append(text);
    li.append(a);
    return li;
  }

  async function showNear(query, token) {
    near.hidden = true;
    nearList.replaceChildren();
    const q = fold(query.replace(/^(places )?near /i, ""));
    if (q.length < 3) return;
    const data = await loadPlaces();
    if (token !== seq) return;
    const entry = data.places.find((p) => fold(p.name) === q);
    if (!entry) return;
    const ranked = data.posts
      .map((post) => ({ post, km: entry.kind === "country" && post.country === entry.code ? 0 : distanceKm(entry, post) }))
      .sort((a, b) => a.km - b.km || a.post.title.localeCompare(b.post.title))
      .slice(0, 5);
    nearTitle.textContent = `Places near ${entry.name}`;
    for (const { post, km } of ranked) {
      const where = km === 0 ? `in ${entry.name}` : `${formatKm(km)} from ${entry.name}`;
      nearList.append(resultItem(new URL(post.url, root).href, post.title, where, "", new URL(post.url + "thumb.svg", root).href));
    }
    near.hidden = false;
  }

  async function run() {
    const token = ++seq;
    const query = input.value.trim();
    if (!query) {
      list.replaceChildren();
      near.hidden = true;
      status.textContent = "";
      return;
    }
    status.textContent = "Searching…";
    const pf = await loadPagefind();
    const nearby = showNear(query, token);
    const search = await pf.search(query);
    if (token !== seq) return;
    const loaded = await Promise.all(search.results.slice(0, 100).map((r) => r.data()));
    if (token !== seq) return;
    const results = loaded.filter((r) => matchesFilters(r.meta.slug));
    list.replaceChildren(...results.slice(0, 8).map((r) =>
      resultItem(r.url, r.meta.title || r.url, r.meta.subtitle, r.excerpt, r.meta.thumb ? new URL(r.meta.thumb, root).href : null)));
    await nearby;
    const count = results.length;
    status.textContent = count ? `${count} place${count === 1 ? "" : "s"} found` : `Nothing matches “${query}”`;
  }

  let timer = 0;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 120);
  });
  input.addEventListener("keydown", async (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    clearTimeout(timer);
    await run();
    const first = dialog.querySelector(".search__results a");
    if (first) location.href = first.href;
  });

  function open(event) {
    if (event) event.preventDefault();
    if (dialog.open) return;
    opener = document.activeElement;
    dialog.showModal();
    input.focus();
    input.select();
    loadPagefind().catch(() => {
      status.textContent = "Search is unavailable here; see the archive instead.";
    });
  }

  function close() {
    if (dialog.open) dialog.close();
  }

  dialog.addEventListener("close", () => {
    if (opener && typeof opener.focus === "function") opener.focus();
    opener = null;
  });
  // A search field swallows the first Esc (it clears the text); Esc must close at once.
  dialog.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      event.preventDefault();
      close();
    }
  });
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) close();
  });
  dialog.querySelector("[data-search-close]").addEventListener("click", close);
  for (const trigger of document.querySelectorAll("[data-search-open]")) trigger.addEventListener("click", open);
  window.atlaspressSearch = { open };
  document.addEventListener("keydown", (event) => {
    const target = event.target;
    const typing = target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
    if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) open(event);
  });
})();

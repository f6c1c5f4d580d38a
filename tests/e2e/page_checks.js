// Generic layout checks run in the page (tests/e2e/test_page_quality.py). Returns a list of
// problems, each a short sentence naming the element: what a reader would see as broken.
() => {
  const vw = document.documentElement.clientWidth;
  const problems = [];
  const name = (el) => {
    let s = el.tagName.toLowerCase();
    if (el.id) s += "#" + el.id;
    const cls = (el.getAttribute("class") || "").trim().split(/\s+/).filter(Boolean).slice(0, 2);
    if (cls.length) s += "." + cls.join(".");
    const text = (el.textContent || "").trim().replace(/\s+/g, " ").slice(0, 40);
    return text ? `${s} ("${text}")` : s;
  };
  const visible = (el) => {
    if (!el.getClientRects().length) return false;
    const st = getComputedStyle(el);
    if (st.visibility === "hidden" || st.opacity === "0") return false;
    return !el.closest(".visually-hidden, [hidden], dialog:not([open])");
  };
  const clips = (st) => [st.overflowX, st.overflowY].some((v) => v !== "visible");
  // 1. Nothing wider than the viewport: the page never scrolls sideways.
  const extra = document.documentElement.scrollWidth - vw;
  if (extra > 1) problems.push(`page scrolls sideways by ${extra}px`);
  for (const el of document.body.querySelectorAll("*")) {
    if (!visible(el) || el.closest("svg") && el.tagName.toLowerCase() !== "svg") continue;
    let inScroller = false;
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (clips(getComputedStyle(p))) { inScroller = true; break; }
    }
    const r = el.getBoundingClientRect();
    if (!inScroller && r.width > 0 && (r.right > vw + 1 || r.left < -1)) {
      problems.push(`${name(el)} overflows the viewport (${Math.round(r.left)}…${Math.round(r.right)} of ${vw}px)`);
    }
    // 2. No text cut by a container that hides its overflow (a scroller is fine: it scrolls).
    const st = getComputedStyle(el);
    if (r.width <= 1 || r.height <= 1) continue;  // visually hidden (1 px or 0 wide): read aloud, never shown
    if ((st.overflowX === "hidden" || st.overflowX === "clip") && el.scrollWidth > el.clientWidth + 1 &&
        !el.closest(".locator__map, .card__thumb, .chart__svg, .webmap__canvas") && el.textContent.trim()) {
      problems.push(`${name(el)} clips its text (${el.scrollWidth} > ${el.clientWidth}px)`);
    }
    if (st.textOverflow === "ellipsis" && el.scrollWidth > el.clientWidth + 1) {
      problems.push(`${name(el)} is cut with an ellipsis`);
    }
  }
  // 3. SVG maps: every visible label inside its map, no two labels overlapping.
  for (const svg of document.querySelectorAll(".locator__map svg, .overview svg, .world-svg, .card__thumb svg")) {
    if (!visible(svg)) continue;
    const box = svg.getBoundingClientRect();
    const labels = [];
    for (const t of svg.querySelectorAll("text")) {
      if (!t.textContent.trim() || getComputedStyle(t).display === "none") continue;
      const r = t.getBoundingClientRect();
      if (r.width === 0) continue;
      if (r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1) {
        problems.push(`map label "${t.textContent.trim()}" is cut by the map edge`);
      }
      const key = `${t.textContent}|${Math.round(r.left)}|${Math.round(r.top)}`;
      if (labels.some((l) => l.key === key)) continue;  // a halo drawn under the same label
      labels.push({ key, r, text: t.textContent.trim() });
    }
    for (let i = 0; i < labels.length; i++) {
      for (let j = i + 1; j < labels.length; j++) {
        const a = labels[i].r, b = labels[j].r;
        // A text box includes the font's ascent and descent; glyphs fill about its middle 70 %.
        const inset = (r) => ({ top: r.top + r.height * 0.15, bottom: r.bottom - r.height * 0.15 });
        const ia = inset(a), ib = inset(b);
        const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const h = Math.min(ia.bottom, ib.bottom) - Math.max(ia.top, ib.top);
        if (w > 1 && h > 1) problems.push(`map labels "${labels[i].text}" and "${labels[j].text}" overlap`);
      }
    }
  }
  // 4. Pop-ups (MapLibre or ours) inside their map.
  for (const pop of document.querySelectorAll(".maplibregl-popup, [data-map-popup]")) {
    const map = pop.closest(".webmap__canvas, .maplibregl-map");
    if (!map || !visible(pop)) continue;
    const a = pop.getBoundingClientRect(), m = map.getBoundingClientRect();
    if (a.left < m.left - 1 || a.right > m.right + 1 || a.top < m.top - 1 || a.bottom > m.bottom + 1) {
      problems.push(`${name(pop)} sticks out of its map`);
    }
  }
  return [...new Set(problems)];
}

// The studio's page: scenes by chapter, a sentence checked as it is typed, the rendered
// scene with its beats and subtitles, the contact sheet and the model's answer. Renders
// arrive as events (Server-Sent Events from /events); a newer render replaces the video,
// keeping the playback position in the same beat.
"use strict";

const $ = (id) => document.getElementById(id);
const state = {
  catalogue: null,
  scenes: new Map(), // name -> scene entry
  words: [], // [word, group]
  scene: null,
  render: 0, // the newest render of the open scene
  shown: null, // {url, beats, cues, duration} of the video on screen
  checked: false,
};

function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "dataset") Object.assign(node.dataset, value);
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node[key] = value;
  }
  for (const child of children) node.append(child);
  return node;
}

function clock(seconds) {
  const m = Math.floor(seconds / 60);
  return `${m}:${(seconds - 60 * m).toFixed(1).padStart(4, "0")}`;
}

function debounce(fn, ms) {
  let timer = null;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}

// -- the scene list -------------------------------------------------------------------
function sentenceRange(scene) {
  if (scene.fixed_example) return `keeps its example: ${scene.fixed_example}`;
  const span = scene.min_words === scene.max_words
    ? `${scene.min_words}` : `${scene.min_words}–${scene.max_words}`;
  return `sentences of ${span} words`;
}

function buildSceneList(catalogue) {
  const nav = $("scenes");
  for (const chapter of catalogue.chapters) {
    const heading = chapter.number === null ? chapter.title : `${chapter.number} ${chapter.title}`;
    nav.append(el("h4", { textContent: heading }));
    for (const scene of chapter.scenes) {
      state.scenes.set(scene.name, scene);
      const beats = scene.beats.map((b) => `${b.id} ${b.title}`).join(" · ");
      nav.append(el("button", { type: "button", dataset: { scene: scene.name },
                                onclick: () => openScene(scene.name) },
        el("span", { className: "name", textContent: scene.name }),
        el("span", { className: "detail", textContent: beats }),
        el("span", { className: "detail", textContent: sentenceRange(scene) })));
    }
  }
}

function buildQualities(catalogue) {
  const select = $("quality");
  for (const [flag, name] of Object.entries(catalogue.qualities)) {
    select.append(el("option", { value: flag, textContent: name,
                                 selected: flag === catalogue.default_quality }));
  }
}

function openScene(name) {
  const scene = state.scenes.get(name);
  state.scene = scene;
  state.render = 0;
  for (const button of document.querySelectorAll("#scenes button")) {
    button.classList.toggle("open", button.dataset.scene === name);
  }
  $("scene-title").textContent = `${scene.name} (${scene.title})`;
  $("scene-about").textContent = `${sentenceRange(scene)}; model: ${scene.model}`;
  const input = $("sentence");
  input.disabled = Boolean(scene.fixed_example);
  input.placeholder = scene.fixed_example ? "this scene keeps its own example"
                                          : `the scene's own: “${scene.sentence}”`;
  if (scene.fixed_example) input.value = "";
  clearVideo();
  check().then((ok) => { if (ok) requestRender(); });
}

// -- the sentence ---------------------------------------------------------------------
function fields() {
  const sentence = $("sentence").value.trim();
  return { scene: state.scene.name, sentence: sentence === "" ? null : sentence,
           quality: $("quality").value };
}

function showProblem(message) {
  const problem = $("problem");
  problem.textContent = message || "";
  problem.hidden = !message;
}

async function check() {
  if (!state.scene) return false;
  const asked = fields();
  const query = new URLSearchParams({ scene: asked.scene, quality: asked.quality });
  if (asked.sentence !== null) query.set("sentence", asked.sentence);
  const reply = await (await fetch(`/api/check?${query}`)).json();
  if (JSON.stringify(asked) !== JSON.stringify(fields())) return false; // typed on since
  showProblem(reply.ok ? "" : reply.error);
  state.checked = reply.ok;
  $("render").disabled = !reply.ok;
  return reply.ok;
}

const checkSoon = debounce(check, 120);

function currentWord(input) {
  const before = input.value.slice(0, input.selectionStart);
  const match = before.match(/([A-Za-z]+)$/);
  return match ? match[1].toLowerCase() : "";
}

function suggest() {
  const input = $("sentence");
  const list = $("suggestions");
  const prefix = currentWord(input);
  list.replaceChildren();
  const found = prefix ? state.words.filter(([w]) => w.startsWith(prefix) && w !== prefix) : [];
  for (const [word, group] of found.slice(0, 8)) {
    list.append(el("li", { role: "option", dataset: { word },
                           onmousedown: (e) => { e.preventDefault(); complete(word); } },
      word, el("span", { className: "group", textContent: group })));
  }
  if (list.firstChild) list.firstChild.classList.add("chosen");
  list.hidden = !list.firstChild;
}

function complete(word) {
  const input = $("sentence");
  const cut = input.selectionStart;
  const before = input.value.slice(0, cut).replace(/[A-Za-z]+$/, "");
  const after = input.value.slice(cut).replace(/^[A-Za-z]*/, "");
  const spacer = after.startsWith(" ") ? "" : " ";
  input.value = before + word + spacer + after;
  const caret = (before + word + spacer).length;
  input.setSelectionRange(caret, caret);
  $("suggestions").hidden = true;
  checkSoon();
}

function moveChoice(step) {
  const items = [...$("suggestions").children];
  const at = items.findIndex((li) => li.classList.contains("chosen"));
  items[at]?.classList.remove("chosen");
  items[(at + step + items.length) % items.length].classList.add("chosen");
}

function onSentenceKey(event) {
  const list = $("suggestions");
  if (event.key === "Enter") { // also while the button is disabled by an earlier check
    event.preventDefault();
    list.hidden = true;
    requestRender();
    return;
  }
  if (list.hidden) return;
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    moveChoice(event.key === "ArrowDown" ? 1 : -1);
  } else if (event.key === "Tab") {
    event.preventDefault();
    complete(list.querySelector(".chosen").dataset.word);
  } else if (event.key === "Escape") {
    list.hidden = true;
  }
}

// -- renders --------------------------------------------------------------------------
async function requestRender() {
  if (!state.scene) return;
  if (!(await check())) return;
  const asked = fields();
  showAnswer(asked);
  const response = await fetch("/api/render", {
    method: "POST", headers: { "Content-Type": "application/json" },
    body: JSON.stringify(asked),
  });
  const reply = await response.json();
  if (!response.ok) {
    showProblem(reply.error);
    return;
  }
  for (const event of reply.events) handle(event);
}

function handle(event) {
  if (!state.scene || event.scene !== state.scene.name || event.render < state.render) return;
  state.render = event.render;
  const act = { rendering: showRendering, progress: showProgress, video: showVideo,
                sheet: showSheet, failed: showFailure, cancelled: showCancelled }[event.kind];
  if (act) act(event);
}

function status(text, { fraction = null, busy = false } = {}) {
  $("status").hidden = false;
  $("status-text").textContent = text;
  const bar = $("progress");
  bar.parentElement.hidden = !busy && (fraction === null || fraction <= 0 || fraction >= 1);
  bar.classList.toggle("unknown", busy && fraction === null);
  bar.style.width = fraction === null ? "" : `${Math.round(100 * fraction)}%`;
}

function showRendering(event) {
  $("failure").hidden = true;
  state.expected = event.expected_seconds;
  state.parts = event.parts;
  const why = event.reason === "source changed" ? " (its source changed)" : "";
  status(`Rendering ${event.parts.join(" and ")}${why}: starting a worker…`, { busy: true });
  if (event.parts.includes("sheet")) $("sheet-note").textContent = "Rendering…";
}

function showProgress(event) {
  const what = event.part === "video" ? "the video" : "the contact sheet";
  const elapsed = `${event.elapsed.toFixed(0)} s`;
  if (event.part === "video" && state.expected) {
    status(`Rendering ${what}: ${elapsed} (the last render took ${state.expected.toFixed(0)} s)`,
           { fraction: Math.min(0.95, event.elapsed / state.expected) });
  } else {
    status(`Rendering ${what}: ${elapsed}`, { busy: true });
  }
}

function showFailure(event) {
  status("Failed.", { fraction: 0 });
  $("failure").hidden = false;
  $("error").textContent = event.error;
  $("details").textContent = event.details || "(no more details)";
}

function showCancelled() {
  status("Cancelled: a newer request replaced this render.", { fraction: 0 });
}

function showSheet(event) {
  const image = $("sheet");
  image.src = event.sheet;
  image.hidden = false;
  $("sheet-note").textContent = "";
  if (!state.parts || !state.parts.includes("video") || state.shown) {
    status(state.shown && state.shown.rendered ? "Rendered." : "Up to date.", { fraction: 1 });
  }
}

function beatAt(beats, t) {
  let index = 0;
  beats.forEach((beat, i) => { if (beat.start <= t + 1e-3) index = i; });
  return index;
}

function showVideo(event) {
  if (state.shown && state.shown.url === event.video) return;
  const video = $("video");
  const old = state.shown;
  let target = 0;
  if (old && old.beats.length && event.beats.length) {
    const i = beatAt(old.beats, video.currentTime);
    const offset = video.currentTime - old.beats[i].start;
    const j = Math.max(0, event.beats.findIndex((b) => b.id === old.beats[i].id));
    const end = j + 1 < event.beats.length ? event.beats[j + 1].start : event.duration;
    target = Math.max(0, Math.min(event.beats[j].start + offset, end - 0.1));
  }
  state.shown = { url: event.video, beats: event.beats, cues: event.cues,
                  duration: event.duration, rendered: event.rendered };
  video.addEventListener("loadedmetadata", () => {
    video.currentTime = target;
    video.play().catch(() => {});
  }, { once: true });
  video.src = event.video;
  drawTimeline();
  listCues();
  const how = event.rendered ? `Rendered in ${event.render_seconds.toFixed(1)} s.`
                             : "Unchanged: from the cache.";
  status(how + (state.parts && state.parts.includes("sheet") ? " Contact sheet next…" : ""),
         { fraction: 1 });
}

function clearVideo() {
  state.shown = null;
  const video = $("video");
  video.removeAttribute("src");
  video.load();
  $("timeline").replaceChildren();
  $("beats").replaceChildren();
  $("cues").replaceChildren();
  $("sheet").hidden = true;
  $("sheet-note").textContent = "Rendered after the video.";
  $("status").hidden = true;
  $("failure").hidden = true;
}

function seek(seconds) {
  const video = $("video");
  video.currentTime = seconds;
  if (video.paused) video.play().catch(() => {});
}

function drawTimeline() {
  const { beats, cues, duration } = state.shown;
  const line = $("timeline");
  const at = (t) => `${(100 * t) / duration}%`;
  line.replaceChildren();
  cues.forEach((cue, i) => line.append(el("div", {
    className: "cue", dataset: { index: i }, title: cue.text,
    style: `left: ${at(cue.start)}; width: ${at(cue.end - cue.start)}`,
  })));
  for (const beat of beats) {
    line.append(el("div", { className: "beat", title: `${beat.id} ${beat.title}`,
                            dataset: { start: beat.start }, style: `left: ${at(beat.start)}` },
      el("span", { textContent: beat.id })));
  }
  line.append(el("div", { className: "head", id: "head" }));
  $("beats").replaceChildren(...beats.map((beat) => el("li", {},
    el("button", { type: "button", textContent: `${beat.id} ${beat.title} · ${clock(beat.start)}`,
                   onclick: () => seek(beat.start) }))));
}

function listCues() {
  $("cues").replaceChildren(...state.shown.cues.map((cue, i) => el("li", {
    dataset: { index: i, start: cue.start }, onclick: () => seek(cue.start + 0.01) },
    el("time", { textContent: `${clock(cue.start)} – ${clock(cue.end)}` }), cue.text)));
}

function follow() {
  const video = $("video");
  if (state.shown) {
    const t = video.currentTime;
    const head = $("head");
    if (head) head.style.left = `${(100 * t) / state.shown.duration}%`;
    const current = state.shown.cues.findIndex((c) => c.start <= t && t < c.end);
    for (const node of document.querySelectorAll("#cues li, #timeline .cue")) {
      node.classList.toggle("current", Number(node.dataset.index) === current);
    }
  }
}

function onTimelineClick(event) {
  if (!state.shown) return;
  const box = $("timeline").getBoundingClientRect();
  seek(((event.clientX - box.left) / box.width) * state.shown.duration);
}

// -- the model's answer ---------------------------------------------------------------
async function showAnswer(asked) {
  const query = new URLSearchParams({ scene: asked.scene, quality: asked.quality });
  if (asked.sentence !== null) query.set("sentence", asked.sentence);
  const response = await fetch(`/api/answer?${query}`);
  const reply = await response.json();
  const box = $("answer");
  if (!response.ok) {
    box.textContent = reply.error;
    return;
  }
  const judged = reply.correct === true ? "right" : reply.correct === false ? "wrong" : "";
  box.classList.remove("muted");
  box.replaceChildren(
    el("div", { className: "muted", textContent: `“${reply.sentence}”: ${reply.question}` }),
    el("div", { textContent: `${reply.model} answers “${reply.answer}” ` +
                             `(${(100 * reply.probability).toFixed(0)}%)` }),
    el("div", { className: `verdict ${judged}`, textContent: `Labeller: ${reply.verdict}` }),
    el("div", { className: "muted", textContent: reply.rule }));
}

// -- events ---------------------------------------------------------------------------
function listen() {
  const source = new EventSource("/events");
  const connection = $("connection");
  source.onopen = () => {
    connection.textContent = "live: re-renders when the scene's files change";
    connection.classList.add("live");
  };
  source.onerror = () => {
    connection.textContent = "disconnected (retrying)";
    connection.classList.remove("live");
  };
  source.onmessage = (message) => handle(JSON.parse(message.data));
}

async function start() {
  const catalogue = await (await fetch("/api/catalogue")).json();
  state.catalogue = catalogue;
  for (const [group, words] of Object.entries(catalogue.vocabulary)) {
    for (const word of words) state.words.push([word, group]);
  }
  state.words.sort((a, b) => a[0].localeCompare(b[0]));
  buildSceneList(catalogue);
  buildQualities(catalogue);
  const input = $("sentence");
  input.addEventListener("input", () => { suggest(); checkSoon(); });
  input.addEventListener("keydown", onSentenceKey);
  input.addEventListener("blur", () => { $("suggestions").hidden = true; });
  $("quality").addEventListener("change", () => requestRender());
  $("request").addEventListener("submit", (event) => {
    event.preventDefault();
    $("suggestions").hidden = true;
    requestRender();
  });
  $("timeline").addEventListener("click", onTimelineClick);
  const video = $("video");
  video.addEventListener("timeupdate", follow);
  video.addEventListener("seeked", follow);
  listen();
}

start();

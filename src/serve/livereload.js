// kursbuch serve: live reload for an open page. Only `kursbuch serve` adds
// this script to the pages it serves (src/serve/livereload.rs), never a build.
// It listens to /__livereload: reloads when its page changed (keeping the
// scroll position), swaps a changed stylesheet in place, and shows build
// errors as an overlay. The first message after (re)connecting names the
// current build, so a page that missed a change while the server restarted
// reloads too.
(() => {
  "use strict";
  let build = BUILD;
  // The page keeps its place across reloads because this script puts it
  // back, in every browser alike, not by the browser's own restoration.
  if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  const key = "kursbuch-scroll:" + location.pathname;
  const saved = sessionStorage.getItem(key);
  if (saved !== null) {
    sessionStorage.removeItem(key);
    const back = () => window.scrollTo(0, +saved);
    back();
    if (document.readyState !== "complete") addEventListener("load", back);
  }
  const reload = () => {
    sessionStorage.setItem(key, String(window.scrollY));
    location.reload();
  };
  const here = () => {
    const p = decodeURIComponent(location.pathname).replace(/^\//, "");
    return p === "" || p.endsWith("/") ? p + "index.html" : p;
  };
  const overlay = (text) => {
    let o = document.getElementById("kursbuch-serve-error");
    if (!text) {
      if (o) o.remove();
      return;
    }
    if (!o) {
      o = document.createElement("div");
      o.id = "kursbuch-serve-error";
      o.setAttribute("role", "alert");
      o.style.cssText = "position:fixed;left:1rem;right:1rem;bottom:1rem;max-height:60vh;overflow:auto;z-index:9999;" +
        "background:#fff1f0;color:#5c0b06;border:2px solid #b3261e;border-radius:.5rem;padding:1rem;" +
        "font:13px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;box-shadow:0 .5rem 2rem rgba(0,0,0,.3)";
      document.body.appendChild(o);
    }
    o.textContent = text;
  };
  const events = new EventSource("/__livereload");
  events.onmessage = (e) => {
    const m = JSON.parse(e.data);
    if (m.type === "hello") {
      overlay(m.error);
      if (m.build !== build && !m.error) reload();
    } else if (m.type === "error") {
      overlay(m.error);
    } else if (m.type === "reload") {
      overlay(null);
      if (m.all || m.paths.includes(here())) reload();
      else build = m.build;
    } else if (m.type === "css") {
      overlay(null);
      build = m.build;
      for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
        const href = link.getAttribute("href");
        for (const [old, fresh] of Object.entries(m.swap)) {
          if (href.endsWith(old)) link.setAttribute("href", href.slice(0, -old.length) + fresh);
        }
      }
    }
  };
})();

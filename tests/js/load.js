/* Loads files of the map script (sistermap/webmap/js/) into one fresh context, as the page
   does (each attaches to the namespace SM), with no browser and no Leaflet. The reference
   values come from Python: tests/webmap/test_js_units.py writes them to the JSON file named
   by SISTERMAP_JS_FIXTURE and runs `node --test tests/js/`; tests that need them are skipped
   when it is not set. */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

const JS_DIR = path.join(__dirname, "..", "..", "sistermap", "webmap", "js");
const FIXTURE = process.env.SISTERMAP_JS_FIXTURE
  ? JSON.parse(fs.readFileSync(process.env.SISTERMAP_JS_FIXTURE, "utf8")) : null;
const NEED_FIXTURE = FIXTURE ? false
  : "needs the Python reference: run tests/webmap/test_js_units.py";

function load(...files) {
  /* geo.py's constants, which Python fills in for the page (webassets.JS_CONSTANTS). */
  const ctx = vm.createContext(Object.assign({}, FIXTURE ? FIXTURE.constants : {}));
  for (const name of files) {
    vm.runInContext(fs.readFileSync(path.join(JS_DIR, name), "utf8"), ctx, {filename: name});
  }
  return ctx.SM;
}

/* A small random generator with a seed (tests print it, so a failure can be replayed). */
function rng(seed) {
  let s = seed >>> 0;
  return function () {
    s = (s + 0x6D2B79F5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/* A value made in the loaded context, as plain data of this one (for deepEqual). */
function plain(value) { return JSON.parse(JSON.stringify(value)); }

module.exports = {load, FIXTURE, NEED_FIXTURE, rng, plain};

/* data.js onMap/cityOn and playback.js countYear: the browser's playback rule is
   timeline.shown_in, on the same tables. */
"use strict";
const test = require("node:test");
const assert = require("node:assert/strict");
const {load, FIXTURE, NEED_FIXTURE, plain} = require("./load.js");

test("onMap() is timeline.shown_in, year by year", {skip: NEED_FIXTURE}, () => {
  const SM = load("geometry.js", "data.js", "playback.js");
  for (const [name, c] of Object.entries(FIXTURE.playback)) {
    const d = c.table;
    assert.equal(d.ly.length, c.years.length ? c.shown[0].length : d.ly.length);
    c.years.forEach((yr, k) => {
      d.yr = yr;
      const js = d.ly.map((_, i) => SM.onMap(d, i));
      assert.deepEqual(plain(js), c.shown[k], `${name}, ${yr}`);
    });
    d.yr = null;
    assert.ok(d.ly.every((_, i) => SM.onMap(d, i)), "no year played: every link");
  }
});

test("cityOn(): a city is on the map while one of its links is", {skip: NEED_FIXTURE}, () => {
  const SM = load("geometry.js", "data.js", "playback.js");
  const c = FIXTURE.playback.mini, d = c.table;
  c.years.forEach((yr, k) => {
    d.yr = yr;
    const drawn = SM.countYear(d, yr);
    const ending = d.le.filter((e, i) => e === yr && !c.shown[k][i]).length;
    assert.equal(drawn, c.shown[k].filter(Boolean).length + ending, String(yr));
    d.cx.forEach((_, city) => {
      const linked = d.la.some((a, i) => (a === city || d.lb[i] === city) &&
                               (c.shown[k][i] || d.le[i] === yr));
      assert.equal(Boolean(SM.cityOn(d, city)), linked, `${yr} city ${city}`);
    });
  });
});

test("recount(): a filtered live map counts and sizes its dots as a map built for the " +
     "filters does", {skip: NEED_FIXTURE}, () => {
  const SM = load("geometry.js", "data.js", "playback.js");
  for (const c of FIXTURE.recount) {
    const d = JSON.parse(JSON.stringify(c.table));
    d.on = Uint8Array.from(c.on);
    SM.recount(d);
    assert.deepEqual(plain(d.ck), c.ck, c.name);
    assert.deepEqual(plain(d.cr), c.cr, c.name);
    d.on = null;
    SM.recount(d);
    assert.deepEqual(plain(d.ck), c.table.ck, "no mask: the counts the map was built with");
  }
});

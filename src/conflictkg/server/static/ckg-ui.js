/* conflictkg explorer: YASGUI editor, Leaflet event map, monthly timeline, filters.
 * Everything it loads comes from /static and the SPARQL endpoint; text from the graph is
 * only ever inserted with textContent. */
(function () {
  "use strict";

  var config = JSON.parse(document.getElementById("ckg-config").textContent);
  var CKG = "https://w3id.org/conflictkg/ontology#";
  var endpoint = new URL(config.endpoint, window.location.href).href;
  var PREFIXES = [
    "PREFIX ckg: <" + CKG + ">",
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>",
    "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>",
    "PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>",
    "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>"
  ].join("\n") + "\n";

  var state = { yasgui: null, map: null, markers: null, rows: [] };
  window.ckg = state;

  /* ------------------------------------------------------------------ helpers */

  function localHref(iri) {
    if (typeof iri === "string" && iri.indexOf(config.base) === 0) {
      return config.idPrefix + iri.slice(config.base.length);
    }
    return /^https?:\/\//i.test(iri || "") ? iri : null;
  }

  function safeIri(iri) {
    return typeof iri === "string" && iri.length > 0 && !/[\u0000-\u0020<>"{}|^`\\]/.test(iri);
  }

  function setStatus(text, isError) {
    var el = document.getElementById("events-status");
    el.textContent = text;
    el.className = "status" + (isError ? " error" : "");
  }

  function sparql(query) {
    var body = new URLSearchParams();
    body.set("query", query);
    return fetch(endpoint, {
      method: "POST",
      headers: { "Accept": "application/sparql-results+json", "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString()
    }).then(function (r) {
      if (!r.ok) {
        return r.text().then(function (t) { throw new Error("SPARQL " + r.status + ": " + t.slice(0, 300)); });
      }
      return r.json();
    }).then(function (data) {
      return (data.results && data.results.bindings) || [];
    });
  }

  function val(b, name) { return b[name] ? b[name].value : null; }

  /* ------------------------------------------------------------------ editor */

  function initEditor() {
    if (typeof Yasgui === "undefined") {
      document.getElementById("yasgui").textContent = "The SPARQL editor could not be loaded.";
      return;
    }
    // Only the offline autocompleters: "class" and "property" would ask a remote service.
    var completers = ["prefixes", "variables"];
    state.yasgui = new Yasgui(document.getElementById("yasgui"), {
      requestConfig: { endpoint: endpoint, method: "POST" },
      copyEndpointOnNewTab: true,
      persistenceId: null,
      populateFromUrl: false,
      autofocus: false,
      endpointCatalogueOptions: {
        getData: function () { return [{ endpoint: endpoint }]; },
        keys: []
      },
      yasqe: { autocompleters: completers, editorHeight: "260px" },
      yasr: { prefixes: { ckg: CKG, id: config.base } }
    });
    var tab = state.yasgui.getTab();
    tab.setEndpoint(endpoint);
    tab.setQuery(config.defaultQuery);

    var select = document.getElementById("query-select");
    select.addEventListener("change", function () {
      var doc = document.getElementById("query-doc");
      var q = null;
      for (var i = 0; i < config.queries.length; i++) {
        if (config.queries[i].id === select.value) { q = config.queries[i]; }
      }
      state.yasgui.getTab().setQuery(q ? q.query : config.defaultQuery);
      doc.textContent = q ? q.description : "";
    });
  }

  // Links to minted IRIs in result tables go to this server's page for them.
  document.addEventListener("click", function (ev) {
    var a = ev.target && ev.target.closest ? ev.target.closest("a[href]") : null;
    if (!a || !a.closest("#yasgui")) { return; }
    var href = a.getAttribute("href");
    if (href && href.indexOf(config.base) === 0) {
      ev.preventDefault();
      window.location.href = localHref(href);
    }
  }, true);

  /* ------------------------------------------------------------------ events query */

  function typeIris(selected) {
    if (!selected) { return []; }
    for (var i = 0; i < config.eventTypes.length; i++) {
      var g = config.eventTypes[i];
      if (g.iri === selected) {
        return [g.iri].concat(g.children.map(function (c) { return c.iri; }));
      }
      for (var j = 0; j < g.children.length; j++) {
        if (g.children[j].iri === selected) { return [selected]; }
      }
    }
    return [];
  }

  function readFilters() {
    var date = /^\d{4}-\d{2}-\d{2}$/;
    var from = document.getElementById("filter-from").value;
    var to = document.getElementById("filter-to").value;
    var actor = document.getElementById("filter-actor").value;
    return {
      types: typeIris(document.getElementById("filter-type").value),
      actor: safeIri(actor) ? actor : "",
      from: date.test(from) ? from : "",
      to: date.test(to) ? to : ""
    };
  }

  function eventsQuery(f) {
    var where = [
      "  ?event a ckg:Event .",
      "  OPTIONAL { ?event rdfs:label ?l }",
      "  OPTIONAL { ?event ckg:eventType ?t }",
      "  OPTIONAL { ?event ckg:location ?place . ?place geo:lat ?la ; geo:long ?lo .",
      "             OPTIONAL { ?place rdfs:label ?pl } }",
      "  OPTIONAL { ?event ckg:date ?dd } OPTIONAL { ?event ckg:earliestDate ?de } OPTIONAL { ?event ckg:latestDate ?dl }",
      "  BIND(COALESCE(?dd, ?de, ?dl) AS ?d)",
      "  OPTIONAL { ?event ckg:casualty ?c . ?c ckg:casualtyType ckg:Killed ; ckg:minCount ?k }"
    ];
    if (f.types.length) {
      where.push("  VALUES ?ft { " + f.types.map(function (t) { return "<" + t + ">"; }).join(" ") + " }");
      where.push("  ?event ckg:eventType ?ft .");
    }
    if (f.actor) {
      where.push("  ?event ckg:actor1|ckg:actor2|ckg:associatedActor <" + f.actor + "> .");
    }
    if (f.from) { where.push('  FILTER(?d >= "' + f.from + '"^^xsd:date)'); }
    if (f.to) { where.push('  FILTER(?d <= "' + f.to + '"^^xsd:date)'); }
    return PREFIXES +
      "SELECT ?event (SAMPLE(?l) AS ?label) (SAMPLE(?t) AS ?type) (SAMPLE(?la) AS ?lat) (SAMPLE(?lo) AS ?long)\n" +
      "       (SAMPLE(?pl) AS ?placeLabel) (SAMPLE(?d) AS ?date) (MAX(?k) AS ?killed)\n" +
      "WHERE {\n" + where.join("\n") + "\n}\nGROUP BY ?event\nLIMIT 5000\n";
  }

  function typeLabel(iri) {
    for (var i = 0; i < config.eventTypes.length; i++) {
      var g = config.eventTypes[i];
      if (g.iri === iri) { return g.label; }
      for (var j = 0; j < g.children.length; j++) {
        if (g.children[j].iri === iri) { return g.children[j].label; }
      }
    }
    return iri ? iri.replace(/^.*[#\/]/, "") : "";
  }

  /* ------------------------------------------------------------------ map */

  function initMap() {
    if (typeof L === "undefined") { return; }
    state.map = L.map("events-map", { worldCopyJump: true }).setView([30, 30], 3);
    state.map.attributionControl.setPrefix(false);
    state.map.attributionControl.addAttribution("Natural Earth");
    window.ckgBasemap(state.map);
    state.markers = L.featureGroup().addTo(state.map);
    // the panel's width settles after the editor loads: keep Leaflet's idea of the size right
    if (window.ResizeObserver) {
      new ResizeObserver(function () { state.map.invalidateSize(); }).observe(document.getElementById("events-map"));
    }
  }

  function popupContent(row) {
    var div = document.createElement("div");
    div.className = "ckg-popup";
    var a = document.createElement("a");
    a.className = "ckg-event-link";
    a.href = localHref(row.event) || "#";
    a.textContent = row.label || row.event;
    div.appendChild(a);
    var meta = document.createElement("div");
    meta.textContent = [row.date || "date unknown", typeLabel(row.type), row.placeLabel || ""]
      .filter(Boolean).join(" · ");
    div.appendChild(meta);
    if (row.killed !== null) {
      var k = document.createElement("div");
      k.textContent = "killed: at least " + row.killed;
      div.appendChild(k);
    }
    return div;
  }

  function drawMarkers(rows) {
    if (!state.map) { return; }
    state.markers.clearLayers();
    var n = 0;
    rows.forEach(function (row) {
      if (row.lat === null || row.long === null || !isFinite(row.lat) || !isFinite(row.long)) { return; }
      var radius = 5 + Math.min(15, Math.sqrt(row.killed || 0) * 2);
      var m = L.circleMarker([row.lat, row.long], {
        radius: radius, color: "#7a0019", weight: 1.5, fillColor: "#e63946", fillOpacity: 0.75,
        className: "ckg-event-marker"
      });
      m.bindPopup(popupContent(row));
      m.bindTooltip(row.label || "", { direction: "top" });
      m.ckgEvent = row.event;
      m.addTo(state.markers);
      var el = m.getElement ? m.getElement() : null;
      if (el) { el.setAttribute("data-event", row.event); }
      n += 1;
    });
    if (n > 0) {
      state.map.fitBounds(state.markers.getBounds().pad(0.3), { maxZoom: 7 });
    }
    return n;
  }

  /* ------------------------------------------------------------------ timeline */

  var SVGNS = "http://www.w3.org/2000/svg";

  function drawTimeline(rows) {
    var svg = document.getElementById("timeline");
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var counts = {};
    rows.forEach(function (r) {
      if (r.date && /^\d{4}-\d{2}/.test(r.date)) {
        var m = r.date.slice(0, 7);
        counts[m] = (counts[m] || 0) + 1;
      }
    });
    var months = Object.keys(counts).sort();
    if (!months.length) {
      var t = document.createElementNS(SVGNS, "text");
      t.setAttribute("x", "10"); t.setAttribute("y", "20");
      t.textContent = "No dated events.";
      svg.appendChild(t);
      return;
    }
    // fill the gaps so time is to scale; long spans are binned per year
    var first = months[0], last = months[months.length - 1];
    var span = (+last.slice(0, 4) - +first.slice(0, 4)) * 12 + (+last.slice(5, 7) - +first.slice(5, 7));
    var yearly = span > 72;
    if (yearly) {
      var byYear = {};
      months.forEach(function (m) { byYear[m.slice(0, 4)] = (byYear[m.slice(0, 4)] || 0) + counts[m]; });
      counts = byYear;
    }
    var all = [], y = +first.slice(0, 4), mo = +first.slice(5, 7);
    while (all.length < 1200) {
      var key = yearly ? String(y) : y + "-" + (mo < 10 ? "0" : "") + mo;
      all.push(key);
      if (key >= (yearly ? last.slice(0, 4) : last)) { break; }
      if (yearly) { y += 1; } else { mo += 1; if (mo > 12) { mo = 1; y += 1; } }
    }
    document.getElementById("timeline-note").textContent =
      "(events per " + (yearly ? "year" : "month") + "; click a bar to filter)";
    var width = svg.clientWidth || 500, height = 150, pad = 18;
    var max = Math.max.apply(null, all.map(function (k) { return counts[k] || 0; }));
    var bw = (width - 2 * pad) / all.length;
    all.forEach(function (k, i) {
      var c = counts[k] || 0;
      var h = max ? (height - 2 * pad) * c / max : 0;
      var rect = document.createElementNS(SVGNS, "rect");
      rect.setAttribute("class", "bar");
      rect.setAttribute("x", String(pad + i * bw + 1));
      rect.setAttribute("y", String(height - pad - h));
      rect.setAttribute("width", String(Math.max(1, bw - 2)));
      rect.setAttribute("height", String(h));
      rect.setAttribute(yearly ? "data-year" : "data-month", k);
      var title = document.createElementNS(SVGNS, "title");
      title.textContent = k + ": " + c + " event" + (c === 1 ? "" : "s");
      rect.appendChild(title);
      rect.addEventListener("click", function () {
        if (yearly) {
          document.getElementById("filter-from").value = k + "-01-01";
          document.getElementById("filter-to").value = k + "-12-31";
        } else {
          var parts = k.split("-");
          var lastDay = new Date(Date.UTC(+parts[0], +parts[1], 0)).getUTCDate();
          document.getElementById("filter-from").value = k + "-01";
          document.getElementById("filter-to").value = k + "-" + (lastDay < 10 ? "0" : "") + lastDay;
        }
        loadEvents();
      });
      svg.appendChild(rect);
    });
    var labels = [all[0], all[all.length - 1]];
    labels.forEach(function (k, i) {
      var t = document.createElementNS(SVGNS, "text");
      t.setAttribute("x", String(i === 0 ? pad : width - pad));
      t.setAttribute("y", String(height - 4));
      t.setAttribute("text-anchor", i === 0 ? "start" : "end");
      t.textContent = k;
      svg.appendChild(t);
    });
    var m = document.createElementNS(SVGNS, "text");
    m.setAttribute("x", String(pad)); m.setAttribute("y", "12");
    m.textContent = "max " + max + " per " + (yearly ? "year" : "month");
    svg.appendChild(m);
  }

  /* ------------------------------------------------------------------ loading */

  function loadEvents() {
    var f = readFilters();
    setStatus("Loading events…");
    return sparql(eventsQuery(f)).then(function (bindings) {
      var rows = bindings.map(function (b) {
        var k = val(b, "killed");
        return {
          event: val(b, "event"), label: val(b, "label"), type: val(b, "type"),
          lat: val(b, "lat") === null ? null : parseFloat(val(b, "lat")),
          long: val(b, "long") === null ? null : parseFloat(val(b, "long")),
          placeLabel: val(b, "placeLabel"), date: val(b, "date"),
          killed: k === null ? null : parseInt(k, 10)
        };
      });
      state.rows = rows;
      var n = drawMarkers(rows);
      drawTimeline(rows);
      setStatus(rows.length + " event" + (rows.length === 1 ? "" : "s") + ", " + n + " on the map" +
                (rows.length >= 5000 ? " (first 5000)" : ""));
      document.body.setAttribute("data-events-loaded", String(rows.length));
    }).catch(function (err) {
      setStatus("Could not load events: " + err.message, true);
    });
  }

  function loadActors() {
    var q = PREFIXES +
      "SELECT ?actor (SAMPLE(?l) AS ?label) (COUNT(DISTINCT ?e) AS ?n) WHERE {\n" +
      "  ?e a ckg:Event ; ckg:actor1|ckg:actor2|ckg:associatedActor ?actor .\n" +
      "  OPTIONAL { ?actor skos:prefLabel ?l }\n} GROUP BY ?actor ORDER BY DESC(?n) LIMIT 500\n";
    return sparql(q).then(function (bindings) {
      var select = document.getElementById("filter-actor");
      bindings.forEach(function (b) {
        var iri = val(b, "actor");
        if (!safeIri(iri)) { return; }
        var opt = document.createElement("option");
        opt.value = iri;
        opt.textContent = (val(b, "label") || iri.replace(/^.*\//, "")) + " (" + val(b, "n") + ")";
        select.appendChild(opt);
      });
    }).catch(function () { /* the filter just stays empty */ });
  }

  function initFilters() {
    var form = document.getElementById("filters");
    form.addEventListener("submit", function (ev) { ev.preventDefault(); loadEvents(); });
    ["filter-type", "filter-actor"].forEach(function (id) {
      document.getElementById(id).addEventListener("change", loadEvents);
    });
    document.getElementById("filter-reset").addEventListener("click", function () {
      form.reset();
      loadEvents();
    });
    document.getElementById("filter-to-editor").addEventListener("click", function () {
      if (state.yasgui) {
        state.yasgui.getTab().setQuery(eventsQuery(readFilters()));
        document.getElementById("editor-panel").scrollIntoView();
      }
    });
  }

  initMap();
  initFilters();
  try { initEditor(); } catch (err) {
    if (window.console) { console.error(err); }
    document.getElementById("yasgui").textContent = "The SPARQL editor failed to start: " + err.message;
  }
  loadActors();
  loadEvents();
})();

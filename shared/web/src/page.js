"use strict";
(function () {
  var config = JSON.parse(document.getElementById("config").textContent || "{}");
  var TOKEN_KEY = "credit.idToken";

  var TEXT = {
    nl: {
      title: "Kredietassistent", skip: "Naar het opladen", language: "Taal", signOut: "Afmelden",
      heading: "Uw debiteuren, geanalyseerd",
      intro: "Sleep de export van de openstaande posten uit uw boekhoudpakket hierheen. U krijgt de geannoteerde werkmap terug, met de kerncijfers en de dringendste acties van vandaag.",
      signInTitle: "Aanmelden", email: "E-mailadres", password: "Wachtwoord", newPassword: "Kies een nieuw wachtwoord",
      newPasswordHint: "Minstens 12 tekens, met hoofdletters, kleine letters en een cijfer.", signIn: "Aanmelden",
      dropTitle: "Sleep uw debiteurenlijst hierheen", dropHint: "of kies een bestand: xlsx, xls, xlsb, ods of csv",
      asOf: "Ouderdom berekenen op", analyse: "Analyseren", errorTitle: "De lijst kon niet geanalyseerd worden",
      problemsCaption: "De rijen met een probleem", sheet: "Blad", row: "Rij", column: "Kolom", problem: "Probleem",
      download: "Geannoteerde werkmap downloaden", aging: "Ouderdom van het openstaande saldo",
      actions: "De vijf dringendste acties", when: "Wanneer", customer: "Klant", action: "Actie", atRisk: "Op het spel",
      noActions: "Vandaag niets te doen.",
      footer: "Uw lijst wordt alleen voor u geanalyseerd; de werkmap bevat elke rij, met dagen vervallen, risicoklasse en volgende actie.",
      chosen: "Gekozen bestand: {name} ({size})", noFile: "Kies eerst een bestand.", badDate: "Kies een geldige datum.",
      tooLarge: "Dit bestand is {size}; de grens is {limit}.",
      uploading: "Bezig met opladen… {percent}%", analysing: "Bezig met analyseren…", preparing: "Opladen voorbereiden…",
      waiting: "Het bestand is opgeladen; de analyse loopt…", done: "Klaar: {name} geanalyseerd.",
      resultsTitle: "Debiteuren op {date}", meta: "{file} · {rows} rijen gelezen, {used} gebruikt · {customers} klanten · {issues} meldingen in de werkmap",
      open: "Openstaand", items: "{n} posten", overdue: "Vervallen", ofOpen: "{share} van het openstaande",
      dso: "DSO", dsoSub: "dagen omzet uitstaand", add: "Gem. dagen te laat", addSub: "DSO min beste DSO",
      cei: "Inningsefficiëntie (CEI)", ceiSub: "van wat te innen was", onTime: "Op tijd betaald", onTimeSub: "van de betaalde facturen",
      days: "{n} dagen",
      network: "De dienst is niet bereikbaar. Controleer uw verbinding en probeer opnieuw.",
      unexpected: "Er ging iets mis. Probeer het opnieuw.", slow: "De analyse duurt langer dan verwacht. Probeer het later opnieuw.",
      signInAgain: "Meld u (opnieuw) aan om verder te gaan.", wrongPassword: "E-mailadres of wachtwoord klopt niet.",
      weakPassword: "Het nieuwe wachtwoord voldoet niet aan de regels.", signInFailed: "Aanmelden lukte niet. Probeer het opnieuw.",
      newPasswordNeeded: "Kies een nieuw wachtwoord om uw account te activeren.",
      more: "…en nog {n} andere.", priority: "prioriteit {n}"
    },
    fr: {
      title: "Assistant crédit", skip: "Aller au dépôt", language: "Langue", signOut: "Se déconnecter",
      heading: "Vos créances clients, analysées",
      intro: "Déposez l'export des pièces ouvertes de votre logiciel comptable. Vous recevez le classeur annoté, avec les chiffres clés et les actions les plus urgentes du jour.",
      signInTitle: "Connexion", email: "Adresse e-mail", password: "Mot de passe", newPassword: "Choisissez un nouveau mot de passe",
      newPasswordHint: "Au moins 12 caractères, avec majuscules, minuscules et un chiffre.", signIn: "Se connecter",
      dropTitle: "Déposez votre balance clients ici", dropHint: "ou choisissez un fichier : xlsx, xls, xlsb, ods ou csv",
      asOf: "Calculer l'ancienneté au", analyse: "Analyser", errorTitle: "La balance n'a pas pu être analysée",
      problemsCaption: "Les lignes en cause", sheet: "Feuille", row: "Ligne", column: "Colonne", problem: "Problème",
      download: "Télécharger le classeur annoté", aging: "Ancienneté de l'encours",
      actions: "Les cinq actions les plus urgentes", when: "Quand", customer: "Client", action: "Action", atRisk: "Exposé",
      noActions: "Rien à faire aujourd'hui.",
      footer: "Votre balance est analysée pour vous seul ; le classeur reprend chaque ligne, avec ses jours de retard, sa classe de risque et la prochaine action.",
      chosen: "Fichier choisi : {name} ({size})", noFile: "Choisissez d'abord un fichier.", badDate: "Choisissez une date valable.",
      tooLarge: "Ce fichier fait {size} ; la limite est de {limit}.",
      uploading: "Envoi en cours… {percent} %", analysing: "Analyse en cours…", preparing: "Préparation de l'envoi…",
      waiting: "Le fichier est envoyé ; l'analyse est en cours…", done: "Terminé : {name} analysé.",
      resultsTitle: "Créances au {date}", meta: "{file} · {rows} lignes lues, {used} utilisées · {customers} clients · {issues} signalements dans le classeur",
      open: "Encours", items: "{n} pièces", overdue: "Échu", ofOpen: "{share} de l'encours",
      dso: "DSO", dsoSub: "jours de chiffre d'affaires en cours", add: "Retard moyen", addSub: "DSO moins le meilleur DSO",
      cei: "Efficacité de recouvrement (CEI)", ceiSub: "de ce qui était à encaisser", onTime: "Payé à temps", onTimeSub: "des factures payées",
      days: "{n} jours",
      network: "Le service est injoignable. Vérifiez votre connexion et réessayez.",
      unexpected: "Une erreur s'est produite. Réessayez.", slow: "L'analyse prend plus de temps que prévu. Réessayez plus tard.",
      signInAgain: "Connectez-vous (à nouveau) pour continuer.", wrongPassword: "Adresse e-mail ou mot de passe incorrect.",
      weakPassword: "Le nouveau mot de passe ne respecte pas les règles.", signInFailed: "La connexion a échoué. Réessayez.",
      newPasswordNeeded: "Choisissez un nouveau mot de passe pour activer votre compte.",
      more: "…et {n} autres.", priority: "priorité {n}"
    },
    en: {
      title: "Credit assistant", skip: "Skip to the upload", language: "Language", signOut: "Sign out",
      heading: "Your receivables, analysed",
      intro: "Drop the open-items export of your accounting package. You get the annotated workbook back, with the key figures and today's most urgent actions.",
      signInTitle: "Sign in", email: "E-mail", password: "Password", newPassword: "Choose a new password",
      newPasswordHint: "At least 12 characters, with upper and lower case letters and a digit.", signIn: "Sign in",
      dropTitle: "Drop your ledger here", dropHint: "or choose a file: xlsx, xls, xlsb, ods or csv",
      asOf: "Age the ledger at", analyse: "Analyse", errorTitle: "The ledger could not be analysed",
      problemsCaption: "The rows at fault", sheet: "Sheet", row: "Row", column: "Column", problem: "Problem",
      download: "Download the annotated workbook", aging: "Aging of the open balance",
      actions: "The five most urgent actions", when: "When", customer: "Customer", action: "Action", atRisk: "At risk",
      noActions: "Nothing to do today.",
      footer: "Your ledger is analysed for you alone; the workbook holds every row, with its days overdue, risk class and next action.",
      chosen: "Chosen file: {name} ({size})", noFile: "Choose a file first.", badDate: "Choose a valid date.",
      tooLarge: "This file is {size}; the limit is {limit}.",
      uploading: "Uploading… {percent}%", analysing: "Analysing…", preparing: "Preparing the upload…",
      waiting: "The file is uploaded; the analysis is running…", done: "Done: {name} analysed.",
      resultsTitle: "Receivables as of {date}", meta: "{file} · {rows} rows read, {used} used · {customers} customers · {issues} notes in the workbook",
      open: "Open", items: "{n} items", overdue: "Overdue", ofOpen: "{share} of the open balance",
      dso: "DSO", dsoSub: "days of sales outstanding", add: "Average days delinquent", addSub: "DSO less best possible DSO",
      cei: "Collection effectiveness (CEI)", ceiSub: "of what was collectable", onTime: "Paid on time", onTimeSub: "of the paid invoices",
      days: "{n} days",
      network: "The service cannot be reached. Check your connection and try again.",
      unexpected: "Something went wrong. Please try again.", slow: "The analysis takes longer than expected. Please try again later.",
      signInAgain: "Please sign in (again) to continue.", wrongPassword: "The e-mail or password is wrong.",
      weakPassword: "The new password does not meet the rules.", signInFailed: "Signing in failed. Please try again.",
      newPasswordNeeded: "Choose a new password to activate your account.",
      more: "…and {n} more.", priority: "priority {n}"
    }
  };
  var LOCALES = { nl: "nl-BE", fr: "fr-BE", en: "en-GB" };

  var $ = function (id) { return document.getElementById(id); };
  var lang = pickLanguage();
  var file = null;
  var busy = false;
  var lastAnswer = null;
  var signInSession = null;

  function pickLanguage() {
    var wanted = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || "en"];
    for (var i = 0; i < wanted.length; i++) {
      var code = String(wanted[i]).slice(0, 2).toLowerCase();
      if (TEXT[code]) { return code; }
    }
    return "en";
  }

  function t(key, values) {
    var text = (TEXT[lang] && TEXT[lang][key]) || TEXT.en[key] || key;
    return text.replace(/\{(\w+)\}/g, function (_, name) { return values && name in values ? values[name] : ""; });
  }

  function applyLanguage() {
    document.documentElement.lang = lang;
    $("lang").value = lang;
    document.title = t("title");
    var nodes = document.querySelectorAll("[data-t]");
    for (var i = 0; i < nodes.length; i++) { nodes[i].textContent = t(nodes[i].getAttribute("data-t")); }
    showFile();
    if (lastAnswer) { showResults(lastAnswer); }
  }

  function money(value, currency) {
    var number = Number(value);
    try {
      return new Intl.NumberFormat(LOCALES[lang], { style: "currency", currency: currency || "EUR" }).format(number);
    } catch (e) {
      return number.toFixed(2) + " " + (currency || "");
    }
  }
  function decimal(value, digits) {
    return new Intl.NumberFormat(LOCALES[lang], { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
  }
  function percent(value) {
    return new Intl.NumberFormat(LOCALES[lang], { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value);
  }
  function date(text, short) {
    var parts = String(text).split("-");
    var d = new Date(Date.UTC(+parts[0], +parts[1] - 1, +parts[2]));
    return new Intl.DateTimeFormat(LOCALES[lang], {
      day: "numeric", month: short ? "short" : "long", year: "numeric", timeZone: "UTC"
    }).format(d);
  }
  function size(bytes) {
    if (bytes < 1024 * 1024) { return decimal(Math.max(1, Math.round(bytes / 1024)), 0) + " KB"; }
    return decimal(bytes / (1024 * 1024), 1) + " MB";
  }
  function today() {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  // ---- status, errors ------------------------------------------------------------------------
  function status(text, progress) {
    $("status-text").textContent = text || "";
    var bar = $("progress");
    if (progress === undefined) { bar.hidden = true; return; }
    bar.hidden = false;
    if (progress === null) { bar.removeAttribute("value"); } else { bar.value = progress; }
  }

  function showError(message, problems) {
    status("");
    var box = $("error");
    $("error-text").textContent = message;
    var body = $("problems").querySelector("tbody");
    body.textContent = "";
    var list = problems || [];
    var shown = list.slice(0, 50);
    shown.forEach(function (problem) {
      var tr = el("tr");
      tr.appendChild(el("td", "", problem.sheet || "–"));
      tr.appendChild(el("td", "num", problem.row === null || problem.row === undefined ? "–" : String(problem.row)));
      tr.appendChild(el("td", "", problem.column || "–"));
      tr.appendChild(el("td", "", problem.message));
      body.appendChild(tr);
    });
    $("problems-more").textContent = list.length > shown.length ? t("more", { n: list.length - shown.length }) : "";
    $("problems-box").hidden = shown.length === 0;
    box.hidden = false;
    box.focus();
  }

  function clearError() { $("error").hidden = true; }

  // ---- HTTP --------------------------------------------------------------------------------
  // XMLHttpRequest rather than fetch: it reports upload progress.
  function send(method, url, body, headers, onProgress) {
    return new Promise(function (resolve) {
      var xhr = new XMLHttpRequest();
      xhr.open(method, url);
      Object.keys(headers || {}).forEach(function (name) {
        if (!/^(host|content-length)$/i.test(name)) { xhr.setRequestHeader(name, headers[name]); }
      });
      if (onProgress && xhr.upload) {
        xhr.upload.onprogress = function (event) { if (event.lengthComputable) { onProgress(event.loaded / event.total); } };
      }
      xhr.onload = function () {
        var json = null;
        try { json = JSON.parse(xhr.responseText); } catch (e) { json = null; }
        resolve({ ok: xhr.status >= 200 && xhr.status < 300, status: xhr.status, json: json });
      };
      xhr.onerror = function () { resolve({ ok: false, status: 0, json: null }); };
      xhr.send(body);
    });
  }

  function authHeaders() {
    var token = sessionStorage.getItem(TOKEN_KEY);
    return token ? { Authorization: "Bearer " + token } : {};
  }

  function api(path) { return (config.api_base || "") + path; }

  // A refusal as the user reads it: the server's message in their language, never a status code.
  function refused(answer) {
    if (answer.status === 401 && config.sign_in) {
      sessionStorage.removeItem(TOKEN_KEY);
      showSignIn(t("signInAgain"));
      return;
    }
    if (answer.status === 0) { showError(t("network"), []); return; }
    if (answer.json && typeof answer.json.error === "string") {
      showError(answer.json.error, answer.json.problems || []);
      return;
    }
    showError(t("unexpected"), []);
  }

  // ---- analysing -----------------------------------------------------------------------------
  function query(params) {
    return Object.keys(params).map(function (k) { return encodeURIComponent(k) + "=" + encodeURIComponent(params[k]); }).join("&");
  }

  function analyse() {
    if (busy) { return; }
    clearError();
    if (!file) { showError(t("noFile"), []); return; }
    var asOf = $("as-of").value;
    if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf)) { showError(t("badDate"), []); return; }
    if (config.max_bytes && file.size > config.max_bytes) {
      showError(t("tooLarge", { size: size(file.size), limit: size(config.max_bytes) }), []);
      return;
    }
    busy = true;
    $("submit").disabled = true;
    $("results").setAttribute("aria-busy", "true");
    var run = config.presigned_uploads && file.size > config.direct_limit ? viaUpload(asOf) : direct(asOf);
    run.then(function () {
      busy = false;
      $("submit").disabled = false;
      $("results").removeAttribute("aria-busy");
    });
  }

  function direct(asOf) {
    status(t("uploading", { percent: 0 }), 0);
    var url = api("/analyze?" + query({ as_of: asOf, lang: lang, format: "page", file_name: file.name }));
    var headers = authHeaders();
    headers["Content-Type"] = file.type || "application/octet-stream";
    return send("POST", url, file, headers, function (share) {
      if (share < 1) { status(t("uploading", { percent: Math.round(share * 100) }), share * 100); }
      else { status(t("analysing"), null); }
    }).then(function (answer) {
      if (!answer.ok || !answer.json) { refused(answer); return; }
      finished(answer.json);
    });
  }

  function viaUpload(asOf) {
    status(t("preparing"), null);
    var headers = authHeaders();
    headers["Content-Type"] = "application/json";
    var body = JSON.stringify({ file_name: file.name, as_of: asOf, lang: lang });
    return send("POST", api("/uploads"), body, headers).then(function (issued) {
      if (!issued.ok || !issued.json) { refused(issued); return null; }
      var upload = issued.json.upload;
      return send(upload.method || "PUT", upload.url, file, upload.headers || {}, function (share) {
        status(t("uploading", { percent: Math.round(share * 100) }), share * 100);
      }).then(function (put) {
        if (!put.ok) { showError(put.status === 0 ? t("network") : t("unexpected"), []); return null; }
        status(t("waiting"), null);
        return poll(issued.json.result_path, Date.now());
      });
    });
  }

  function poll(path, started) {
    return new Promise(function (resolve) { setTimeout(resolve, 1000); }).then(function () {
      return send("GET", api(path) + (path.indexOf("?") < 0 ? "?" : "&") + "format=page", null, authHeaders());
    }).then(function (answer) {
      if (!answer.ok || !answer.json) { refused(answer); return null; }
      var result = answer.json;
      if (result.status === "done" && result.page) { finished(result.page); return null; }
      if (result.status === "failed") { showError(result.error || t("unexpected"), result.problems || []); return null; }
      // A step that failed for the moment and is being retried says so, in the user's language.
      status(result.retrying || t("waiting"), null);
      if (Date.now() - started > 15 * 60 * 1000) { showError(t("slow"), []); return null; }
      return poll(path, started);
    });
  }

  function finished(answer) {
    lastAnswer = answer;
    showResults(answer);
    status(t("done", { name: answer.file_name }));
    $("results-title").focus();
  }

  // ---- results -------------------------------------------------------------------------------
  function kpi(key, label, value, shown, sub, alert) {
    var box = el("div", "kpi" + (alert ? " alert" : ""));
    box.setAttribute("data-kpi", key);
    box.setAttribute("data-value", String(value));
    box.appendChild(el("dt", "", label));
    var dd = el("dd", "", shown);
    if (sub) { dd.appendChild(el("span", "sub", sub)); }
    box.appendChild(dd);
    return box;
  }

  function showResults(answer) {
    var currency = answer.currency;
    $("results-title").textContent = t("resultsTitle", { date: date(answer.as_of) });
    $("results-meta").textContent = t("meta", {
      file: answer.file_name, rows: answer.rows_read, used: answer.rows_used,
      customers: answer.totals.customers, issues: answer.issues
    });
    var k = answer.kpis;
    var kpis = $("kpis");
    kpis.textContent = "";
    kpis.appendChild(kpi("open", t("open"), answer.totals.open, money(answer.totals.open, currency), t("items", { n: answer.totals.items })));
    kpis.appendChild(kpi("overdue", t("overdue"), answer.totals.overdue, money(answer.totals.overdue, currency),
      k.overdue_share === null ? "" : t("ofOpen", { share: percent(k.overdue_share) }), k.overdue_share > 0.25));
    if (k.dso !== null) { kpis.appendChild(kpi("dso", t("dso"), k.dso, t("days", { n: decimal(k.dso, 1) }), t("dsoSub"))); }
    if (k.average_days_delinquent !== null) {
      kpis.appendChild(kpi("average_days_delinquent", t("add"), k.average_days_delinquent,
        t("days", { n: decimal(k.average_days_delinquent, 1) }), t("addSub")));
    }
    if (k.cei !== null) { kpis.appendChild(kpi("cei", t("cei"), k.cei, percent(k.cei), t("ceiSub"))); }
    if (k.on_time_share !== null) { kpis.appendChild(kpi("on_time_share", t("onTime"), k.on_time_share, percent(k.on_time_share), t("onTimeSub"))); }

    var aging = $("aging");
    aging.textContent = "";
    var largest = answer.buckets.reduce(function (max, b) { return Math.max(max, Number(b.amount)); }, 0);
    answer.buckets.forEach(function (bucket, index) {
      var li = el("li", "b" + Math.min(index, 5));
      li.setAttribute("data-bucket", bucket.key);
      li.setAttribute("data-value", bucket.amount);
      li.appendChild(el("span", "bucket-label", bucket.label));
      var bar = el("span", "bar");
      bar.setAttribute("aria-hidden", "true");
      var fill = el("span", "fill");
      var share = largest > 0 ? Math.max(0, Number(bucket.amount)) / largest : 0;
      fill.style.width = (share * 100).toFixed(1) + "%";
      bar.appendChild(fill);
      li.appendChild(bar);
      li.appendChild(el("span", "amount", money(bucket.amount, currency)));
      aging.appendChild(li);
    });

    var body = $("actions").querySelector("tbody");
    body.textContent = "";
    answer.actions.forEach(function (action) {
      var tr = el("tr");
      tr.setAttribute("data-customer", action.customer_id);
      tr.appendChild(el("td", "nowrap", date(action.due, true)));
      var who = el("td");
      who.appendChild(el("span", "", action.customer_name || action.customer_id));
      if (action.customer_name) { who.appendChild(el("span", "note", action.customer_id)); }
      tr.appendChild(who);
      var what = el("td");
      var prio = el("span", "prio p" + action.priority, String(action.priority));
      prio.setAttribute("title", t("priority", { n: action.priority }));
      prio.setAttribute("aria-label", t("priority", { n: action.priority }));
      what.appendChild(prio);
      what.appendChild(el("span", "", action.kind_label));
      what.appendChild(el("span", "note", action.note));
      tr.appendChild(what);
      tr.appendChild(el("td", "num", money(action.amount, currency)));
      body.appendChild(tr);
    });
    $("actions").hidden = answer.actions.length === 0;
    $("no-actions").hidden = answer.actions.length !== 0;

    var link = $("download");
    var workbook = answer.workbook;
    if (link.getAttribute("data-blob")) { URL.revokeObjectURL(link.getAttribute("data-blob")); link.removeAttribute("data-blob"); }
    if (workbook.base64) {
      var raw = atob(workbook.base64);
      var bytes = new Uint8Array(raw.length);
      for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
      var blobUrl = URL.createObjectURL(new Blob([bytes], {
        type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
      }));
      link.href = blobUrl;
      link.setAttribute("data-blob", blobUrl);
    } else {
      link.href = workbook.url;
    }
    link.setAttribute("download", workbook.file_name);
    link.textContent = t("download");
    $("results").hidden = false;
  }

  // ---- choosing a file -------------------------------------------------------------------------
  function choose(chosen) {
    file = chosen || null;
    clearError();
    showFile();
  }
  function showFile() {
    $("file-name").textContent = file ? t("chosen", { name: file.name, size: size(file.size) }) : "";
  }

  var drop = $("drop");
  ["dragenter", "dragover"].forEach(function (name) {
    drop.addEventListener(name, function (event) { event.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (name) {
    drop.addEventListener(name, function () { drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) { choose(event.dataTransfer.files[0]); }
  });
  $("file").addEventListener("change", function () { choose(this.files[0]); });
  $("upload").addEventListener("submit", function (event) { event.preventDefault(); analyse(); });
  $("lang").addEventListener("change", function () { lang = this.value; applyLanguage(); });

  // ---- signing in (Cognito, USER_PASSWORD_AUTH) ------------------------------------------------
  function cognito(target, body) {
    return fetch(config.sign_in.endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "AWSCognitoIdentityProviderService." + target
      },
      body: JSON.stringify(body)
    }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (json) {
        return { ok: response.ok, json: json };
      });
    }, function () { return { ok: false, json: { __type: "network" } }; });
  }

  function signedIn(result) {
    sessionStorage.setItem(TOKEN_KEY, result.IdToken);
    signInSession = null;
    $("password").value = "";
    $("new-password").value = "";
    $("new-password-field").hidden = true;
    showUpload();
  }

  function signInRefused(json) {
    var type = String((json && json.__type) || "");
    if (type === "network") { return t("network"); }
    if (/NotAuthorized|UserNotFound/.test(type)) { return t("wrongPassword"); }
    if (/InvalidPassword/.test(type)) { return t("weakPassword"); }
    return t("signInFailed");
  }

  $("sign-in-form").addEventListener("submit", function (event) {
    event.preventDefault();
    clearError();
    var email = $("email").value.trim();
    var step = signInSession
      ? cognito("RespondToAuthChallenge", {
          ChallengeName: "NEW_PASSWORD_REQUIRED", ClientId: config.sign_in.client_id, Session: signInSession,
          ChallengeResponses: { USERNAME: email, NEW_PASSWORD: $("new-password").value }
        })
      : cognito("InitiateAuth", {
          AuthFlow: "USER_PASSWORD_AUTH", ClientId: config.sign_in.client_id,
          AuthParameters: { USERNAME: email, PASSWORD: $("password").value }
        });
    step.then(function (answer) {
      if (!answer.ok) { showError(signInRefused(answer.json), []); return; }
      if (answer.json.AuthenticationResult) { signedIn(answer.json.AuthenticationResult); return; }
      if (answer.json.ChallengeName === "NEW_PASSWORD_REQUIRED") {
        signInSession = answer.json.Session;
        $("new-password-field").hidden = false;
        status(t("newPasswordNeeded"));
        $("new-password").focus();
        return;
      }
      showError(t("signInFailed"), []);
    });
  });

  $("sign-out").addEventListener("click", function () {
    sessionStorage.removeItem(TOKEN_KEY);
    showSignIn("");
  });

  function showSignIn(message) {
    $("sign-in").hidden = false;
    $("upload").hidden = true;
    $("sign-out").hidden = true;
    if (message) { status(message); }
    $("email").focus();
  }
  function showUpload() {
    $("sign-in").hidden = true;
    $("upload").hidden = false;
    $("sign-out").hidden = !config.sign_in;
    status("");
  }

  $("as-of").value = today();
  applyLanguage();
  if (config.sign_in && !sessionStorage.getItem(TOKEN_KEY)) { showSignIn(""); } else { showUpload(); }
})();

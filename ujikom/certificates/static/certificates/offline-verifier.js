// The offline verifier (/verifikasi/): checks a certificate's QR token in the browser against the
// public keys embedded in the page, with the same rules as ujikom/certificates/tokens.py
// (verify_token and _same_day_window). Status (suspended, revoked) needs the network: the page links
// to the live page /v/<id> for it. Input: pasted token or scanned URL, the camera, or a photo.

const data = JSON.parse(document.getElementById("offline-data").textContent);
const text = JSON.parse(document.getElementById("offline-messages").textContent);
const language = document.documentElement.lang === "en" ? "en-GB" : "id-ID";
const keys = new Map(data.keys.map((key) => [String(key.kid), key]));
const $ = (id) => document.getElementById(id);

// ---- small helpers --------------------------------------------------------------------------------

function fill(template, values = {}) {
  return template.replace(/%\((\w+)\)s/g, (_match, name) => String(values[name] ?? ""));
}

function b64urlDecode(part) {
  if (!/^[A-Za-z0-9_-]*$/.test(part) || part.length % 4 === 1) throw new Error("base64url");
  const binary = atob(part.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (part.length % 4)) % 4));
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

function jsonObject(bytes) {
  const value = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("object");
  return value;
}

// A calendar date as [year, month, day], parsed like Python's date.fromisoformat (3.11): YYYY-MM-DD,
// YYYYMMDD and the ISO week forms YYYY-Www[-D] / YYYYWww[D]; null when it is not a date.
function isoDate(value) {
  const textValue = String(value);
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(textValue) || /^(\d{4})(\d{2})(\d{2})$/.exec(textValue);
  if (match) {
    const [year, month, day] = match.slice(1).map(Number);
    const probe = utcDate(year, month, day);
    const ok = year >= 1 && probe.getUTCFullYear() === year && probe.getUTCMonth() === month - 1 && probe.getUTCDate() === day;
    return ok ? [year, month, day] : null;
  }
  match = /^(\d{4})-W(\d{2})(?:-(\d))?$/.exec(textValue) || /^(\d{4})W(\d{2})(\d)?$/.exec(textValue);
  if (!match) return null;
  const [year, week, weekday] = [Number(match[1]), Number(match[2]), Number(match[3] ?? 1)];
  if (year < 1 || week < 1 || weekday < 1 || weekday > 7) return null;
  const fourth = utcDate(year, 1, 4);
  const weeks = isoWeeks(year);
  if (week > weeks) return null;
  const monday = new Date(fourth.getTime() - ((fourth.getUTCDay() + 6) % 7) * 86400000);
  const day = new Date(monday.getTime() + ((week - 1) * 7 + weekday - 1) * 86400000);
  return [day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate()];
}

function isoWeeks(year) {
  const weekdayOf = (y, m, d) => utcDate(y, m, d).getUTCDay();
  const leap = utcDate(year, 2, 29).getUTCMonth() === 1;
  const first = weekdayOf(year, 1, 1);
  return first === 4 || (leap && first === 3) ? 53 : 52;
}

function utcDate(year, month, day, hour = 0) {
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, 0, 0, 0);
  return date;
}

const dayNumber = ([year, month, day]) => year * 10000 + month * 100 + day;

// The site's wall clock (TIME_ZONE, Asia/Jakarta): the offset at an instant, and local dates.
let zoneParts = null;
try {
  zoneParts = new Intl.DateTimeFormat("en-US", {
    timeZone: data.time_zone,
    hourCycle: "h23",
    year: "numeric",
    month: "numeric",
    day: "numeric",
    hour: "numeric",
    minute: "numeric",
    second: "numeric",
  });
} catch (_error) {
  zoneParts = null; // a browser without time zone data: the offset sent with the page is used
}

function wallClock(epochMs) {
  if (!zoneParts) {
    const shifted = new Date(epochMs + data.utc_offset_minutes * 60000);
    return [shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate(), shifted.getUTCHours(), shifted.getUTCMinutes(), shifted.getUTCSeconds()];
  }
  const parts = Object.fromEntries(zoneParts.formatToParts(new Date(epochMs)).map((part) => [part.type, part.value]));
  return ["year", "month", "day", "hour", "minute", "second"].map((name) => Number(parts[name]));
}

function localDate(epochSeconds) {
  return wallClock(epochSeconds * 1000).slice(0, 3);
}

// Noon of a date on the site's clock, in epoch seconds (tokens.verify_token: issued at 12:00 local).
function localNoon([year, month, day]) {
  const guess = utcDate(year, month, day, 12).getTime();
  let instant = guess;
  for (let round = 0; round < 2; round += 1) {
    const [y, m, d, h, min, s] = wallClock(instant);
    const offset = utcDate(y, m, d, h).getTime() + (min * 60 + s) * 1000 - instant;
    instant = guess - offset;
  }
  return Math.floor(instant / 1000);
}

function today() {
  return wallClock(Date.now()).slice(0, 3);
}

const dateFormat = new Intl.DateTimeFormat(language, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
const showDate = ([year, month, day]) => dateFormat.format(utcDate(year, month, day, 12));

// ---- the rules of tokens.verify_token ---------------------------------------------------------------

function parts(input) {
  let token = String(input ?? "").trim();
  let address = "";
  if (token.includes("#")) {
    const at = token.lastIndexOf("#");
    address = token.slice(0, at);
    token = token.slice(at + 1);
  }
  if (!token || token.length > data.max_token_length || token.split(".").length !== 3) return { address };
  const [head, body, signature] = token.split(".");
  try {
    return {
      address,
      header: jsonObject(b64urlDecode(head)),
      claims: jsonObject(b64urlDecode(body)),
      signature: b64urlDecode(signature),
      signingInput: new TextEncoder().encode(`${head}.${body}`),
    };
  } catch (_error) {
    return { address };
  }
}

// key_was_valid(record, noon) or _same_day_window(record, issued), and the two halves for display.
function keyWindow(key, issued) {
  const noon = localNoon(issued);
  const compromised = key.compromised ?? null;
  const atNoon = noon >= key.nbf && (key.exp === undefined || noon <= key.exp) && (compromised === null || noon < compromised);
  const start = localDate(key.nbf);
  const end = key.exp === undefined ? null : localDate(key.exp);
  const compromisedOn = compromised === null ? null : localDate(compromised);
  const inside = dayNumber(start) <= dayNumber(issued) && (end === null || dayNumber(issued) <= dayNumber(end));
  const sameDay = inside && (compromisedOn === null || dayNumber(issued) < dayNumber(compromisedOn));
  return {
    valid: atNoon || sameDay,
    notCompromised: compromised === null || noon < compromised,
    start,
    end,
    compromisedOn,
  };
}

let ed25519 = null;

async function signatureValid(key, signature, signingInput) {
  try {
    ed25519 = ed25519 || (await import(data.ed25519));
    return await ed25519.verifyAsync(signature, signingInput, b64urlDecode(String(key.x)), { zip215: false });
  } catch (_error) {
    return false;
  }
}

// Every check, in order, up to the first that fails (where verify_token returns).
async function verify(input) {
  const rows = [];
  const result = { genuine: false, reason: "", rows, claims: null, key: null, address: "" };
  const fail = (label, reason) => {
    rows.push({ label, ok: false, detail: reason });
    result.reason = reason;
    return result;
  };
  const token = parts(input);
  result.address = token.address;
  if (!token.header) return fail(text.check_format, text.unreadable);
  const { header, claims, signature, signingInput } = token;
  if (header.alg !== "EdDSA" || header.typ !== data.token_type) return fail(text.check_format, text.unknown_type);
  rows.push({ label: text.check_format, ok: true, detail: fill(text.check_format_ok, { typ: data.token_type }) });
  const kid = String(header.kid || "");
  const key = keys.get(kid);
  if (!key) return fail(text.check_key, `${text.unknown_key} (${kid || "—"}) ${text.refresh_keys}`);
  result.key = key;
  const lsp = data.lsps[key.lsp] || key.lsp || "—";
  rows.push({ label: text.check_key, ok: true, detail: fill(text.check_key_ok, { kid, lsp }) });
  if (!(await signatureValid(key, signature, signingInput))) return fail(text.check_signature, text.bad_signature);
  rows.push({ label: text.check_signature, ok: true, detail: text.check_signature_ok });
  result.claims = claims;
  const issued = isoDate(claims.iss);
  if (!issued) return fail(text.check_window, text.bad_issue_date);
  const window = keyWindow(key, issued);
  const windowDetail = fill(text.check_window_ok, {
    start: showDate(window.start),
    end: window.end ? showDate(window.end) : text.check_window_open,
    issued: showDate(issued),
  });
  if (!window.valid) {
    rows.push({ label: text.check_window, ok: false, detail: `${fill(text.key_not_valid, { kid })} ${windowDetail}` });
  } else {
    rows.push({ label: text.check_window, ok: true, detail: windowDetail });
  }
  let compromiseDetail = text.check_compromise_ok;
  if (window.compromisedOn) {
    const template = window.notCompromised ? text.check_compromise_later : text.check_compromise_bad;
    compromiseDetail = fill(template, { date: showDate(window.compromisedOn) });
  }
  rows.push({ label: text.check_compromise, ok: window.notCompromised, detail: compromiseDetail });
  if (!window.valid) {
    result.reason = fill(text.key_not_valid, { kid });
    return result;
  }
  result.genuine = true;
  const validUntil = isoDate(claims.exp);
  if (!validUntil) {
    rows.push({ label: text.check_expiry, ok: false, detail: text.check_expiry_unknown });
    result.expired = true;
  } else {
    result.expired = dayNumber(validUntil) < dayNumber(today());
    const template = result.expired ? text.check_expiry_bad : text.check_expiry_ok;
    rows.push({ label: text.check_expiry, ok: !result.expired, detail: fill(template, { date: showDate(validUntil) }) });
  }
  return result;
}

// ---- the page -----------------------------------------------------------------------------------------

function notice(message) {
  const box = $("offline-notice");
  box.textContent = message;
  box.hidden = !message;
}

function icon(ok) {
  const element = document.createElement("i");
  element.className = ok ? "bi bi-check-circle-fill text-success" : "bi bi-x-circle-fill text-danger";
  element.setAttribute("aria-hidden", "true");
  return element;
}

function show(result) {
  $("offline-result").hidden = false;
  const verdict = $("offline-verdict");
  verdict.replaceChildren();
  const heading = document.createElement("strong");
  if (result.genuine) {
    const lsp = data.lsps[result.key.lsp] || result.key.lsp;
    verdict.className = `alert fs-5 ${result.expired ? "alert-secondary" : "alert-success"}`;
    heading.textContent = `✓ ${text.genuine}`;
    verdict.append(heading, " — ", fill(text.genuine_detail, { lsp, kid: result.key.kid }));
  } else {
    verdict.className = "alert fs-5 alert-danger";
    heading.textContent = `✗ ${text.not_genuine}`;
    verdict.append(heading, " — ", result.reason);
  }

  const claims = result.genuine ? result.claims : null;
  $("offline-claims-card").hidden = !claims;
  if (claims) {
    const issued = isoDate(claims.iss);
    const validUntil = isoDate(claims.exp);
    $("offline-holder").textContent = String(claims.name ?? "");
    $("offline-lsp").textContent = data.lsps[result.key.lsp] || result.key.lsp;
    $("offline-number").textContent = String(claims.no ?? "");
    $("offline-scheme").textContent = String(claims.scheme ?? "");
    $("offline-issued").textContent = issued ? showDate(issued) : String(claims.iss ?? "");
    $("offline-valid-until").textContent = validUntil ? showDate(validUntil) : String(claims.exp ?? "");
    $("offline-id").textContent = String(claims.id ?? "");
  }

  const list = $("offline-checks");
  list.replaceChildren(
    ...result.rows.map((row) => {
      const item = document.createElement("li");
      item.className = "list-group-item";
      item.dataset.ok = row.ok ? "true" : "false";
      const label = document.createElement("strong");
      label.textContent = row.label;
      item.append(icon(row.ok), " ", label, `: ${row.detail}`);
      return item;
    }),
  );

  const status = $("offline-status");
  const id = claims && /^[1-9A-HJ-NP-Za-km-z]{16,32}$/.test(String(claims.id)) ? String(claims.id) : "";
  status.hidden = !id;
  if (id) {
    let message = text.status_online;
    const scanned = /\/v\/([^/?#\s]+)\s*$/.exec(result.address);
    if (scanned && scanned[1] !== id) message = `${fill(text.url_mismatch, { id: scanned[1] })} ${message}`;
    $("offline-status-text").textContent = message;
    const link = $("offline-status-link");
    link.href = data.verify_prefix + encodeURIComponent(id);
    link.textContent = link.href;
  }
  $("offline-result").scrollIntoView({ block: "nearest" });
}

async function check(input) {
  if (!String(input ?? "").trim()) {
    notice(text.empty);
    return;
  }
  notice("");
  show(await verify(input));
}

// ---- decoding the QR code: camera frames and photos ---------------------------------------------------

const detector = "BarcodeDetector" in window ? new window.BarcodeDetector({ formats: ["qr_code"] }) : null;

async function decode(source, width, height) {
  if (detector) {
    try {
      const [found] = await detector.detect(source);
      if (found) return found.rawValue;
    } catch (_error) {
      // fall back to jsQR below
    }
  }
  if (!window.jsQR) return null;
  for (const scale of [1, 0.5, 0.25]) {
    const factor = Math.min(scale, 2000 / Math.max(width, height));
    const w = Math.max(1, Math.round(width * factor));
    const h = Math.max(1, Math.round(height * factor));
    const canvas = document.createElement("canvas");
    canvas.width = w;
    canvas.height = h;
    const context = canvas.getContext("2d", { willReadFrequently: true });
    context.drawImage(source, 0, 0, w, h);
    const found = window.jsQR(context.getImageData(0, 0, w, h).data, w, h, { inversionAttempts: "attemptBoth" });
    if (found && found.data) return found.data;
    if (factor < scale) break; // already reduced to the largest size tried
  }
  return null;
}

let stream = null;

function stopCamera() {
  if (stream) stream.getTracks().forEach((track) => track.stop());
  stream = null;
  $("offline-camera-box").hidden = true;
}

async function startCamera() {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
    notice(text.camera_unavailable);
    return;
  }
  try {
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
  } catch (error) {
    notice(fill(text.camera_denied, { error: error.message || error.name }));
    return;
  }
  const video = $("offline-video");
  video.srcObject = stream;
  $("offline-camera-box").hidden = false;
  notice(text.camera_looking);
  await video.play();
  const scan = async () => {
    if (!stream) return;
    if (video.readyState >= 2 && video.videoWidth) {
      const found = await decode(video, video.videoWidth, video.videoHeight);
      if (found) {
        stopCamera();
        $("offline-token").value = found;
        await check(found);
        return;
      }
    }
    setTimeout(scan, 250);
  };
  scan();
}

async function readImage(file) {
  let bitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch (_error) {
    notice(fill(text.image_unreadable, { name: file.name }));
    return;
  }
  const found = await decode(bitmap, bitmap.width, bitmap.height);
  bitmap.close();
  if (!found) {
    notice(fill(text.image_no_qr, { name: file.name }));
    return;
  }
  $("offline-token").value = found;
  await check(found);
}

// ---- start ----------------------------------------------------------------------------------------------

$("offline-form").addEventListener("submit", (event) => {
  event.preventDefault();
  check($("offline-token").value);
});
$("offline-camera").addEventListener("click", startCamera);
$("offline-camera-stop").addEventListener("click", () => {
  stopCamera();
  notice("");
});
$("offline-image").addEventListener("change", (event) => {
  const [file] = event.target.files;
  if (file) readImage(file);
  event.target.value = "";
});

if (!window.crypto || !window.crypto.subtle) {
  notice(text.crypto_unavailable);
} else if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
  $("offline-camera").disabled = true;
  notice(text.camera_unavailable);
} else if (Date.now() - Date.parse(data.loaded_at) > 30 * 86400000) {
  notice(text.keys_old);
}

let fromAddress = "";
try {
  fromAddress = decodeURIComponent(window.location.hash.slice(1));
} catch (_error) {
  fromAddress = window.location.hash.slice(1);
}
if (fromAddress) {
  $("offline-token").value = fromAddress;
  check(fromAddress);
}

if ("serviceWorker" in navigator) {
  navigator.serviceWorker
    .register(data.worker, { scope: data.scope })
    .then(() => navigator.serviceWorker.ready)
    .then(() => {
      const ready = $("offline-ready");
      ready.textContent = text.offline_ready;
      ready.hidden = false;
      document.body.dataset.offlineReady = "true";
    })
    .catch(() => {
      // without a service worker the page still works while it stays open
    });
}

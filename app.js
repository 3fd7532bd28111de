// The app's scripts in the browser (app.py runs each by its name: app.script("focusBox")). Each is a function that
// Gradio runs on an event (the page's load, the end of a turn); app.py reads this file, so it is found beside app.py
// whatever the working directory.

// Shared by the functions below: app.py's `script` puts these lines ("const", one line each) before each of them.
// A touch screen (a phone, a tablet): there the cursor put in the box would open the keyboard.
const touch = () => window.matchMedia("(pointer: coarse)").matches;

// Leaving or reloading the page, or the chat's clear (trash) icon, loses the conversation and its results: the browser
// asks first once a photo is in (review 42: a reload had lost them without a word; review 48: the icon too). The click
// is caught on its way down to the icon, before Gradio's own handler empties the chat. The icon is found by its
// English label or by its drawing (the label is translated: "Chat leeren" in a German browser).
// While a turn runs the click does nothing: the turn's answer would have brought the old conversation back, with its
// photo, when it ended (QA 56 F04; Gradio has no setting that disables this icon, and `cancels` lets a running
// function finish and deliver its answer).
function keepOnReload() {
    const trash = '#chat button[aria-label=Clear], #chat button:has(path[d^="M4,6V8H6V28"])';  // (app.py's css dims it)
    const results = () => document.querySelector("#slider img") !== null;
    window.addEventListener("beforeunload", (event) => {
        if (results()) { event.preventDefault(); event.returnValue = ""; }
    });
    document.addEventListener("click", (event) => {
        if (!(event.target instanceof Element && event.target.closest(trash))) return;
        const busy = document.querySelector("#box textarea")?.disabled;
        if (busy || (results()
                && !window.confirm("Start a new conversation? The photo and its results will be gone."))) {
            event.stopPropagation(); event.preventDefault();
        }
    }, true);
}

// Gradio deletes its cached files an hour old, and the page's timer has its pictures and download kept every 10 minutes
// (app.py's CACHE and `kept`). A computer asleep past the hour came back to pictures and a download that answered 403
// until the timer's next tick, up to 10 minutes later: the page shown again (back from sleep, from another tab or
// window) has them kept at once, by app.py's hidden #keep button.
function keepOnReturn() {
    document.addEventListener("visibilitychange", () => {
        if (document.visibilityState === "visible") document.querySelector("#keep")?.click();
    });
}

// After a turn the cursor is back in the box, so that the next words can be typed at once (QA 56 F08: focus had been
// left on the page, 24-31 Tab presses from the box). Not on touch screens, where it would open the keyboard after
// every reply; not where the person has moved on to something else. (The box is enabled by the answer just before:
// it is waited for.)
function focusBox() {
    if (touch()) return;
    const focus = (tries) => {
        const box = document.querySelector("#box textarea");
        const lost = [document.body, document.getElementById("busy-status")];  // (where a turn leaves it: busyStatus)
        if (!box || (document.activeElement && !lost.includes(document.activeElement))) return;
        if (!window.getSelection().isCollapsed) return;  // text selected meanwhile stays selected (review 56 F5)
        if (!box.disabled) box.focus({preventScroll: true});
        else if (tries > 0) setTimeout(() => focus(tries - 1), 50);
    };
    focus(40);
}

// A picked example photo goes into the box, and the cursor with it, so that Enter sends it (QA 59 F4: focus had stayed
// on the example button, where Enter picked it again). Not on touch screens, where it would open the keyboard.
function exampleToBox() {
    if (!touch()) document.querySelector("#box textarea")?.focus();
}

// A file picked with the keyboard (the paperclip, then the browser's chooser) goes into the box, but Gradio redraws the
// box's buttons then, and focus fell to the page: a screen reader's reading position went back to its top (QA 67 F03).
// The cursor goes into the box, where Enter sends the photo; only where focus was lost, and not on touch screens.
function fileToBox() {
    if (touch()) return;
    if (document.activeElement && document.activeElement !== document.body) return;
    document.querySelector("#box textarea:not(:disabled)")?.focus();
}

// While a turn runs, a screen reader hears what is happening (QA 59 F3: Gradio's status said "Loading" once, then
// nothing for minutes; its progress bar is no live region): a polite status says "Working on it…" once a turn has
// taken a second, then the progress bar's percentage at every 20% (10% once 10 s have passed), and the chat is
// aria-busy. Where the server knows how long the restore takes ("about 20 seconds in all", measured on this machine:
// app.py's _timed puts it in the progress's description) it says so, once, when the restore starts; it invents no
// figure. Each message waits until the one before it has had time to be heard whole: the language model's
// 22-word sentence ("The language model is looking at your photo (it gives up after 120 s …)") had been replaced by
// "20% done" a tenth of a second after it was said, on a fast model (runs/app74/live_probe.py).
// The box is disabled meanwhile, which dropped focus to the page and a screen reader's reading position to its top:
// focus goes to the status instead, and focusBox brings it back to the box after the turn.
function busyStatus() {
    const status = Object.assign(document.createElement("div"), {id: "busy-status", tabIndex: -1});
    status.setAttribute("role", "status");
    document.body.append(status);
    const HEARD_PER_WORD = 400;  // ms: 150 words a minute, slower than screen readers' default rates (about 180-220)
    let busy = false, said = -1, when = 0, timer = null, told = "", heard = 0;
    const say = (text) => {
        status.textContent = text;
        when = Date.now();
        heard = when + HEARD_PER_WORD * text.split(/\s+/).length;
    };
    const bar = () => document.querySelector("#box [role=progressbar]");
    // (Gradio's bar reads "about 20 seconds in all: 40%" with a description, "40%" without)
    const expected = () => /^(.+): \d+%$/.exec(bar()?.getAttribute("aria-valuetext") || "")?.[1] || "";
    const watch = () => {
        const box = document.querySelector("#box textarea"), chat = document.querySelector("#chat");
        if (!box || !chat) return;
        if (box.disabled !== busy) {  // a turn starts or ends
            busy = box.disabled;
            chat.setAttribute("aria-busy", String(busy));
            clearTimeout(timer);
            status.textContent = "";
            said = -1;
            told = "";
            const focus = document.activeElement;  // (still the box, or a button, that the turn has just disabled)
            // (not on touch screens: focusBox does not bring it back there, and a phone's screen reader was left on
            // this invisible element after every turn, QA 67 F07; the live region is heard without focus)
            if (busy && (!focus || focus === document.body || focus.disabled)
                && !touch()) status.focus({preventScroll: true});
            // (not scrolled to: the status sits at the top of the page, which had scrolled the box out of view)
            if (busy) timer = setTimeout(() => {
                told = expected();
                say(`Working on it… ${told}`.trim());
                said = 0;
            }, 1000);
        } else if (busy && said >= 0 && Date.now() < heard) {  // what comes now is said once that is heard
            clearTimeout(timer);
            timer = setTimeout(watch, heard - Date.now());
        } else if (busy && said >= 0) {
            const percent = Number(bar()?.getAttribute("aria-valuenow"));
            if (expected() && expected() !== told) {  // a restore whose time is known starts after the first words
                told = expected();
                say(`Working on it… ${told}`);
            } else if (percent >= said + 20 || (percent >= said + 10 && Date.now() - when >= 10000)) {
                said = Math.floor(percent / 10) * 10;
                say(`Working on it… ${said}% done`);
            }
        }
    };
    // (childList: the bar's appearance, with the estimate; a restore in one tile changes its percentage only at the
    // end, and the estimate had not been said)
    new MutationObserver(watch).observe(document.body, {subtree: true, childList: true, attributes: true,
                                                        attributeFilter: ["disabled", "aria-valuenow"]});
}

// Gradio's before / after slider has a drag handle only, and pictures with no alt text (QA 59 F1): the handle becomes
// a slider a keyboard can move (arrow keys 5%, Page Up / Down 25%, Home, End), which tells a screen reader where it is;
// it is moved as a mouse would (a press where it should go: Gradio's d3 drag), so Gradio keeps its own state. The
// pictures are named after the slider's label ("Before: as uploaded · After: version 1", app.py's _comparison). The
// slider's reset-zoom icon, which Gradio calls "Undo" beside the app's Undo button, is called "Reset zoom" (F8).
function sliderKeys() {
    const steps = {ArrowLeft: -5, ArrowDown: -5, ArrowRight: 5, ArrowUp: 5, PageDown: -25, PageUp: 25};
    const handle = () => document.querySelector("#slider [data-testid=slider]");
    const picture = () => {  // where the picture is drawn: fitted into its box, with bars beside a tall one (Gradio's
        // slider position is a fraction of the picture, not of the box: a portrait photo's End had stopped at 76%)
        const img = document.querySelector("#slider img"), box = img.parentElement.getBoundingClientRect();
        const width = img.naturalWidth ? Math.min(box.width, box.height * img.naturalWidth / img.naturalHeight)
                                       : box.width;
        return {left: box.left + (box.width - width) / 2, width, top: box.top, height: box.height};
    };
    const position = () => {  // where the "after" picture starts, in % of the picture's width (left of it: "before")
        const after = document.querySelectorAll("#slider img")[1];
        const left = /([\d.]+)%\)$/.exec(after?.style.clipPath || "");  // (of the after picture's box)
        if (!left) return 50;
        const box = after.getBoundingClientRect(), shown = picture();
        const at = (box.left + box.width * Number(left[1]) / 100 - shown.left) / shown.width * 100;
        return Math.round(Math.min(100, Math.max(0, at)));
    };
    const set = (element, attributes) => Object.entries(attributes).forEach(([name, value]) => {
        if (element && element.getAttribute(name) !== value) element.setAttribute(name, value);
    });
    const label = () => {
        const at = position();
        set(handle(), {role: "slider", tabindex: "0", "aria-label": "Before / after divider", "aria-valuemin": "0",
                       "aria-valuemax": "100", "aria-valuenow": String(at),
                       "aria-valuetext": `${at}% before, ${100 - at}% after`});
        set(handle()?.querySelector(".icon-wrap"), {"aria-hidden": "true"});  // (its arrows read "◢ ◢")
        const names = (document.querySelector("#slider [data-testid=block-label]")?.textContent || "").split(" · ");
        document.querySelectorAll("#slider img").forEach((img, i) => {
            if (names.length === 2) set(img, {alt: names[i].trim()});
        });
        set(document.querySelector("#slider button:has(svg.feather-rotate-ccw)"), {"aria-label": "Reset zoom",
                                                                                    title: "Reset zoom"});
    };
    document.addEventListener("keydown", (event) => {
        const slider = handle();
        if (!slider || event.target !== slider || !(event.key in steps || ["Home", "End"].includes(event.key))
            || event.altKey || event.ctrlKey || event.metaKey) return;  // (Alt+Left is the browser's Back)
        event.preventDefault();
        const to = event.key === "Home" ? 0 : event.key === "End" ? 100
                   : Math.min(100, Math.max(0, position() + steps[event.key]));
        const shown = picture();
        const at = {bubbles: true, cancelable: true, view: window, button: 0,
                    clientX: shown.left + shown.width * to / 100, clientY: shown.top + shown.height / 2};
        slider.dispatchEvent(new MouseEvent("mousedown", at));
        slider.dispatchEvent(new MouseEvent("mouseup", at));
    });
    label();
    // (a picture's size is known once it has loaded, which changes no attribute)
    document.addEventListener("load", (event) => { if (event.target.closest?.("#slider")) label(); }, true);
    new MutationObserver(label).observe(document.body, {childList: true, subtree: true, attributes: true,
                                                        attributeFilter: ["style", "src"]});
}

// Gradio has no setting for the example buttons' names (`example_labels` shows the words instead of the pictures):
// each gets its own as an aria-label (`names`: file name -> name, app.py's example_names), found by the file its
// picture shows, again whenever Gradio draws them anew (they are hidden during a turn).
function nameExamples(names) {
    const label = () => document.querySelectorAll("#examples button").forEach((button) => {
        const src = decodeURIComponent(button.querySelector("img")?.getAttribute("src") || "");
        const name = Object.keys(names).find((file) => src.endsWith("/" + file));
        if (name && button.getAttribute("aria-label") !== names[name]) button.setAttribute("aria-label", names[name]);
    });
    label();
    new MutationObserver(label).observe(document.body, {childList: true, subtree: true});
}

// Gradio puts each of the chat's pictures in a button that did nothing when pressed, a Tab stop beside its Fullscreen
// button (QA 67 F04), and every Fullscreen button, the chat's and the slider's, was called just "Fullscreen" (F05).
// A picture pressed (or clicked) shows it full screen, as its Fullscreen button does, and is no Tab stop of its own;
// each Fullscreen button says which picture it enlarges ("Fullscreen: Result: version 1", by the picture's alt text,
// or the slider's label). Again whenever Gradio draws them anew.
function namePictures() {
    const containers = "#chat .image-container, #slider .image-container";
    const label = () => document.querySelectorAll(containers).forEach((container) => {
        const picture = container.querySelector(":scope > button:has(img)");
        if (picture && picture.getAttribute("tabindex") !== "-1") picture.setAttribute("tabindex", "-1");
        const full = [...container.querySelectorAll(".icon-button-wrapper button")]
            .find((button) => /^(exit )?full ?screen/i.test(button.getAttribute("aria-label") || ""));
        const what = container.closest("#slider")
            ? document.querySelector("#slider [data-testid=block-label]")?.textContent.trim()
            : container.querySelector("img")?.alt;
        // (Gradio calls it "Exit fullscreen mode" while it thinks the picture is full screen)
        const name = `${/^exit/i.test(full?.getAttribute("aria-label")) ? "Exit fullscreen" : "Fullscreen"}: ${what}`;
        if (full && what && full.getAttribute("aria-label") !== name) {
            full.setAttribute("aria-label", name);
            full.setAttribute("title", name);
        }
    });
    document.addEventListener("click", (event) => {
        const picture = event.target instanceof Element && event.target.closest("#chat .image-container > button");
        if (!picture?.querySelector("img")) return;
        [...picture.parentElement.querySelectorAll(".icon-button-wrapper button")]
            .find((button) => /^full ?screen/i.test(button.getAttribute("aria-label") || ""))?.click();
    });
    label();
    new MutationObserver(label).observe(document.body, {childList: true, subtree: true, attributes: true,
                                                        attributeFilter: ["alt", "aria-label"]});
}

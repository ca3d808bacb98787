import { h } from "./shared/dom.js"; document.getElementById("app")?.append(h("p", {}, "dashboard"));

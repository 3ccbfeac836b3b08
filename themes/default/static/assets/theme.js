/* Stagecraft: apply the reader's saved colour theme before the first paint (site.js has the toggle). */
try { var t = localStorage.getItem("stagecraft:theme"); if (t === "dark" || t === "light") document.documentElement.setAttribute("data-theme", t); } catch (e) { /* storage off */ }

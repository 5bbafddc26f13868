// Open the collapsed minor fixes when a reader follows a link to one of their notes.
(function () {
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    var details = target && target.closest("details");
    if (details && !details.open) {
      details.open = true;
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", reveal);
  document.addEventListener("DOMContentLoaded", reveal);
})();

// "Report an error": when the reader has selected words in the article, send them along as
// the phrase in question. Without JavaScript the link still opens the form.
(function () {
  var phrase = "";
  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    var text = selection ? selection.toString().replace(/\s+/g, " ").trim() : "";
    var article = document.querySelector("article");
    if (text && article && article.contains(selection.anchorNode)) {
      phrase = text.slice(0, 1000);
    }
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-corrigenda-report]");
    if (link && phrase) {
      var url = new URL(link.href);
      url.searchParams.set("phrase", phrase);
      link.href = url.toString();
    }
  }, true);
})();

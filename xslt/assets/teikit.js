/* teikit: an optional enhancement. On the parallel page, hovering or focusing a
   sentence also highlights its counterpart(s) in the other language. The pages
   work fully without it. */
(function () {
  'use strict';
  function counterparts(el) {
    var ids = (el.getAttribute('data-corresp') || '').split(/\s+/).filter(Boolean);
    var found = [];
    ids.forEach(function (id) {
      var t = document.getElementById(id);
      if (t) found.push(t);
    });
    var own = el.id;
    if (own) {
      document.querySelectorAll('[data-corresp]').forEach(function (other) {
        if (other !== el && other.getAttribute('data-corresp').split(/\s+/).indexOf(own) >= 0 && found.indexOf(other) < 0) found.push(other);
      });
    }
    return found;
  }
  function set(el, on) {
    counterparts(el).forEach(function (t) { t.classList.toggle('counterpart', on); });
  }
  function sentence(target) {
    return target && target.closest ? target.closest('.tei-s[data-corresp]') : null;
  }
  ['mouseover', 'focusin'].forEach(function (type) {
    document.addEventListener(type, function (e) { var s = sentence(e.target); if (s) set(s, true); });
  });
  ['mouseout', 'focusout'].forEach(function (type) {
    document.addEventListener(type, function (e) { var s = sentence(e.target); if (s) set(s, false); });
  });
})();

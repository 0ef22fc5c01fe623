// Beside a list of time zones (<select data-time-zone>), offers the zone this device is set
// to, when the list has it and it is not already chosen. Nothing changes unless the person
// presses the button; without this script the list works just the same.
(function () {
  "use strict";
  var zone;
  try {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  } catch (error) {
    return;
  }
  if (!zone) return;
  document.querySelectorAll("select[data-time-zone]").forEach(function (select) {
    var option = Array.prototype.find.call(select.options, function (candidate) {
      return candidate.value === zone;
    });
    if (!option || select.value === zone) return;
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button--secondary time-zone-suggestion";
    button.textContent = "Use this device's zone: " + option.textContent;
    button.addEventListener("click", function () {
      select.value = zone;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      button.remove();
      select.focus();
    });
    select.insertAdjacentElement("afterend", button);
  });
})();

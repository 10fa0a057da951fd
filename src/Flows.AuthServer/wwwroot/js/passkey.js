// The passkey steps of the hosted sign-on page: passes the server's WebAuthn options to navigator.credentials and
// posts the browser's answer back in the step's form; on a username step with passkey autofill, asks the browser to
// offer passkeys in the username field (conditional mediation). No other script runs on a hosted page.
(function () {
  "use strict";

  function toBytes(base64url) {
    var base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
    var binary = atob(base64 + "===".slice((base64.length + 3) % 4));
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) {
      bytes[i] = binary.charCodeAt(i);
    }
    return bytes.buffer;
  }

  function toBase64url(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) {
      binary += String.fromCharCode(bytes[i]);
    }
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function withBytes(descriptors) {
    return (descriptors || []).map(function (descriptor) {
      return Object.assign({}, descriptor, { id: toBytes(descriptor.id) });
    });
  }

  // WebAuthn §5.4 and §5.5: the binary members travel as base64url in JSON.
  function publicKeyOptions(ceremony, options) {
    var publicKey = Object.assign({}, options, { challenge: toBytes(options.challenge) });
    if (ceremony === "create") {
      publicKey.user = Object.assign({}, options.user, { id: toBytes(options.user.id) });
      publicKey.excludeCredentials = withBytes(options.excludeCredentials);
    } else {
      publicKey.allowCredentials = withBytes(options.allowCredentials);
    }
    return publicKey;
  }

  // The credential as WebAuthn's JSON (PublicKeyCredential.toJSON(), §5.1).
  function credentialJson(credential) {
    var response = credential.response;
    var json = {
      id: credential.id,
      rawId: toBase64url(credential.rawId),
      type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults ? credential.getClientExtensionResults() : {},
      response: { clientDataJSON: toBase64url(response.clientDataJSON) }
    };
    if (response.attestationObject) {
      json.response.attestationObject = toBase64url(response.attestationObject);
      json.response.transports = response.getTransports ? response.getTransports() : [];
    } else {
      json.response.authenticatorData = toBase64url(response.authenticatorData);
      json.response.signature = toBase64url(response.signature);
      if (response.userHandle) {
        json.response.userHandle = toBase64url(response.userHandle);
      }
    }
    return json;
  }

  // The passkey step: the button starts the ceremony, the answer is posted in the step's form.
  function startCeremony(form) {
    var start = form.querySelector("[data-passkey-start]");
    var field = form.querySelector("[data-passkey-response]");
    var status = document.getElementById("passkey-status");

    if (!window.PublicKeyCredential || !navigator.credentials) {
      document.getElementById("passkey-unavailable").hidden = false;
      start.disabled = true;
      return;
    }

    start.addEventListener("click", function () {
      var ceremony = form.getAttribute("data-passkey-ceremony");
      var options = JSON.parse(form.getAttribute("data-passkey-options"));
      var publicKey = publicKeyOptions(ceremony, options);
      start.disabled = true;
      status.textContent = "Follow your browser's instructions to use your passkey.";
      var pending = ceremony === "create"
        ? navigator.credentials.create({ publicKey: publicKey })
        : navigator.credentials.get({ publicKey: publicKey });
      pending.then(function (credential) {
        field.value = JSON.stringify(credentialJson(credential));
        status.textContent = "Checking your passkey…";
        form.submit();
      }, function (error) {
        start.disabled = false;
        status.textContent = error && error.name === "NotAllowedError"
          ? "The passkey request was cancelled or timed out. Try again."
          : "Your browser could not use a passkey here. Try again, or use another device.";
      });
    });
  }

  // Passkey autofill: the browser lists passkeys among the username field's suggestions; the one chosen is posted as
  // assertion.check. Where the browser cannot, nothing happens and the user types a username as without script.
  function startAutofill(form) {
    if (!window.PublicKeyCredential || !PublicKeyCredential.isConditionalMediationAvailable || !navigator.credentials) {
      return;
    }

    PublicKeyCredential.isConditionalMediationAvailable().then(function (available) {
      if (!available) {
        return null;
      }
      var options = JSON.parse(form.getAttribute("data-passkey-options"));
      return navigator.credentials.get({ mediation: "conditional", publicKey: publicKeyOptions("get", options) });
    }).then(function (credential) {
      if (credential) {
        form.querySelector("[data-passkey-response]").value = JSON.stringify(credentialJson(credential));
        form.submit();
      }
    }, function () {
      // Aborted (the username form was sent) or refused by the browser: the page goes on without autofill.
    });
  }

  var ceremony = document.querySelector("form[data-passkey-ceremony]");
  if (ceremony) {
    startCeremony(ceremony);
  }

  var autofill = document.querySelector("form[data-passkey-autofill]");
  if (autofill) {
    startAutofill(autofill);
  }
}());

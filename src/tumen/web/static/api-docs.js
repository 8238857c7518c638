// Swagger UI over the app's own OpenAPI description (no validator badge: it calls out).
window.addEventListener("DOMContentLoaded", function () {
  var node = document.getElementById("swagger-ui");
  if (!node || typeof window.SwaggerUIBundle !== "function") return;
  node.textContent = "";
  window.SwaggerUIBundle({
    url: node.getAttribute("data-spec"),
    domNode: node,
    deepLinking: true,
    validatorUrl: null,
    docExpansion: "list",
    defaultModelsExpandDepth: 0,
  });
});

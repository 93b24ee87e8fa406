(async () => {
  const pyodide = await loadPyodide({ indexURL: new URL("pyodide/", location.href).href });
  await pyodide.loadPackage(new URL("WHEEL_NAME", location.href).href);
  const evaluateJson = pyodide.pyimport("checker.browser").evaluate_json;
  evaluateJson(JSON.stringify({ quota: "open" }), "en");
  performance.mark("engine-ready");
  document.getElementById("state").textContent = "ready";
  document.documentElement.dataset.checkerEngine = "ready";
})();

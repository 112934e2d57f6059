// The progress page: poll the Orchestrator's output until it ends, then say how it ended.
(function () {
    const output = document.getElementById("action-output");
    if (!output) return;
    const status = document.getElementById("action-status");
    const id = output.dataset.actionId;
    let shown = 0;
    async function poll() {
        const response = await fetch(`/actions/${id}/progress?from=${shown}`, { cache: "no-store" });
        if (!response.ok) { status.textContent = "The catalog no longer knows this action."; return; }
        const progress = await response.json();
        for (const line of progress.lines) { output.textContent += line + "\n"; }
        shown += progress.lines.length;
        output.scrollTop = output.scrollHeight;
        if (progress.finished) {
            status.textContent = progress.exitCode === 0 ? "Finished: succeeded (exit code 0)." : `Finished: failed (exit code ${progress.exitCode}).`;
            status.className = progress.exitCode === 0 ? "badge succeeded" : "badge failed";
            status.dataset.finished = "true";
            return;
        }
        setTimeout(poll, 1000);
    }
    poll();
})();

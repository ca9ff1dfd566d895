import { workloads } from '../../../bench/workloads/engine';
(async () => {
  const only = (process.env.ONLY ?? '').split(',').filter(Boolean);
  for (const w of workloads) {
    if (only.length && !only.includes(w.name)) continue;
    const { run, dispose } = await w.setup();
    await run();
    const times: number[] = [];
    for (let i = 0; i < (w.repeats ?? 5); i++) { const t0 = performance.now(); await run(); times.push(performance.now() - t0); }
    times.sort((a, b) => a - b);
    console.log(process.env.PATHLAB_BACKEND, w.name, times[times.length >> 1].toFixed(1), 'ms', w.extra ? JSON.stringify(w.extra()) : '');
    dispose();
  }
})();

// `npm run bench:network`: the same tasks through @vo (tasks.mjs) and Debian's python3-pyvo (tasks.py) against the
// local DaCHS, each task in a fresh process per side, side by side; prints a Markdown table of medians and ratios.
// usage: node bench/network/run.mjs [REPS=5] [task …]   (run `npm run build` first; DaCHS from scripts/start-dachs.sh)
// ROUNDS=n (environment, default 3): each side runs n processes per task, alternating @vo, pyVO, @vo, …, so that a
// server or machine that slows down for a while weighs on both sides; the repetitions of all rounds are pooled.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const here = (name) => fileURLToPath(new URL(name, import.meta.url));
const exec = promisify(execFile);
const [repsText = "5", ...only] = process.argv.slice(2);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const TASKS = ["sync-small", "sync-200k", "async", "upload", "cone-50", "sia", "ssa", "datalink", "fan-out-20"];
// Untimed repetitions first, on both sides, so that the task medians compare steady states (Node's JIT and the
// first connection warm up in them; the "process" columns still include them): five for the single small
// requests (a fresh V8 runs a VOTable parse ~20 times before it is compiled), one for the others, none for the
// long tasks.
const WARMUP = { "sync-small": "5", sia: "5", ssa: "5", "sync-200k": "0", datalink: "0" };
const warmupOf = (task) => WARMUP[task] ?? "1";
const setup = (await exec(process.execPath, [here("setup.mjs")])).stdout.trim();

async function side(command, args) {
  const t = performance.now();
  const { stdout } = await exec(command, args, { maxBuffer: 1 << 24 });
  return { ...JSON.parse(stdout.trim().split("\n").at(-1)), wallMs: performance.now() - t };
}
/** The rounds of one side as one: repetitions pooled, the median process time, the largest peak memory. */
function pooled(runs) {
  const walls = runs.map((r) => r.wallMs);
  return { times: runs.flatMap((r) => r.times), rows: runs[0].rows, wallMs: q(walls, 0.5), maxRssKb: Math.max(...runs.map((r) => r.maxRssKb)) };
}
const q = (times, p) => [...times].sort((a, b) => a - b)[Math.min(times.length - 1, Math.floor(p * times.length))];
const f = (x) => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

console.log(`${ROUNDS} rounds (alternating processes) × ${repsText} reps per task, each after untimed warm-ups (5 for sync-small, sia, ssa; 1 for the others; none for sync-200k and datalink); times in ms (median of the repetitions); ratio = @vo / pyVO (< 1: @vo faster)\n`);
console.log("| task | rows | @vo median | pyVO median | ratio | @vo p90/p50 | pyVO p90/p50 | @vo process | pyVO process | process ratio | @vo peak MB | pyVO peak MB |");
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const task of only.length ? only : TASKS) {
  try {
    const rounds = { vo: [], py: [] };
    for (let round = 0; round < ROUNDS; round++) {
      rounds.vo.push(await side(process.execPath, [here("tasks.mjs"), task, repsText, warmupOf(task)]));
      rounds.py.push(await side("/usr/bin/python3", [here("tasks.py"), task, repsText, setup, warmupOf(task)]));
    }
    const [vo, py] = [pooled(rounds.vo), pooled(rounds.py)];
    const [v50, p50] = [q(vo.times, 0.5), q(py.times, 0.5)];
    console.log(
      `| ${task} | ${vo.rows}${vo.rows === py.rows ? "" : ` (pyVO ${py.rows})`} | ${f(v50)} | ${f(p50)} | ${(v50 / p50).toFixed(2)} | ` +
        `${(q(vo.times, 0.9) / v50).toFixed(2)} | ${(q(py.times, 0.9) / p50).toFixed(2)} | ${f(vo.wallMs)} | ${f(py.wallMs)} | ` +
        `${(vo.wallMs / py.wallMs).toFixed(2)} | ${(vo.maxRssKb / 1024).toFixed(0)} | ${(py.maxRssKb / 1024).toFixed(0)} |`,
    );
  } catch (error) {
    console.log(`| ${task} | failed: ${String(error.stderr ?? error.message).trim().split("\n").at(-1)} |`);
  }
}

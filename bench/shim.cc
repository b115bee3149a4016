// shim.cc - the C shim's C++ half: registers C scenario descriptors with
// Google Benchmark, runs each cell under the time-budget rule (shim.h), and
// hands its kept samples to the caller (the only C++ in the project).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

extern "C" {
#include "proc.h"
#include "shim.h"
}

namespace {

constexpr size_t kMaxReserve = size_t(1) << 22; // samples preallocated per metric, at most
constexpr int64_t kMaxWarmup = 100;		// warm-up iterations, at most
constexpr double kWarmupShare = 0.05;		// of the budget

struct Family {
	const rbb_scenario *scn;
	rbb_ctx tmpl;
	std::vector<uint64_t> sizes;
	std::vector<int> cells;
	std::string name;
	size_t nmetrics;
};

std::vector<std::unique_ptr<Family>> g_families;
std::map<std::string, Family *> g_by_name;
const rbb_settings *g_set;
int g_errors;

} // namespace

struct rbb_state {
	benchmark::State *st;
	std::vector<std::vector<double>> m; // per metric
	std::vector<size_t> warm_end;	    // per metric: samples before it are warm-up
	uint64_t t_start = 0, t_measure = 0;
	int64_t iters = 0, warm_iters = 0;
	bool warm = true;
	double manual_ns = 0, manual_warm_ns = 0;
	std::string error;
};

extern "C" {

int rbb_batch(rbb_state *s, int max)
{
	const rbb_settings *set = g_set;
	if (!s->error.empty() || max < 1)
		return 0;
	uint64_t now = rb_now_ns();
	if (s->warm) {
		bool over = set->iterations > 0 ? s->iters >= 1
						 : s->iters >= 1 && ((double)(now - s->t_start) >= kWarmupShare * set->budget_s * 1e9 ||
								     s->iters >= kMaxWarmup);
		if (over) {
			s->warm = false;
			s->warm_iters = s->iters;
			s->t_measure = now;
			s->manual_warm_ns = s->manual_ns;
			for (size_t i = 0; i < s->m.size(); i++)
				s->warm_end[i] = s->m[i].size();
		}
	}
	int64_t left;
	if (s->warm) {
		left = set->iterations > 0 ? 1 : kMaxWarmup - s->iters;
	} else {
		int64_t kept = s->iters - s->warm_iters;
		int64_t cap = set->iterations > 0 ? set->iterations : set->max_iterations;
		if (kept >= cap)
			return 0;
		if (set->iterations <= 0 && kept >= 1 && (double)(now - s->t_measure) >= set->budget_s * 1e9)
			return 0;
		left = cap - kept;
	}
	int k = (int)std::min<int64_t>(max, std::max<int64_t>(1, left));
	s->iters += k;
	return k;
}
int rbb_keep_running(rbb_state *s)
{
	return rbb_batch(s, 1);
}
void rbb_set_iteration_time(rbb_state *s, double seconds)
{
	s->manual_ns += seconds * 1e9;
}
void rbb_sample(rbb_state *s, int metric, double value)
{
	s->m[(size_t)metric].push_back(value);
}
void rbb_iteration_ns(rbb_state *s, double ns)
{
	s->manual_ns += ns;
	rbb_sample(s, 0, ns);
}
void rbb_counter(rbb_state *s, const char *name, double value)
{
	s->st->counters[name] = benchmark::Counter(value);
}
void rbb_label(rbb_state *s, const char *label)
{
	s->st->SetLabel(label);
}
void rbb_skip_errno(rbb_state *s, int neg_errno, const char *what)
{
	if (s->error.empty())
		s->error = std::string(what) + ": " + std::strerror(-neg_errno);
	s->st->SkipWithError(s->error.c_str());
}

void rbb_reservoir(const double *v, size_t n, double *out, size_t k, uint64_t seed)
{
	std::mt19937_64 rng(seed);
	std::sample(v, v + n, out, (std::ptrdiff_t)std::min(k, n), rng);
}

} // extern "C"

namespace {

static void run_one(Family *f, benchmark::State &st)
{
	const rbb_settings *set = g_set;
	uint64_t size = (uint64_t)st.range(0);
	size_t idx = (size_t)(std::find(f->sizes.begin(), f->sizes.end(), size) - f->sizes.begin());
	rbb_state s;
	s.st = &st;
	s.m.resize(f->nmetrics);
	s.warm_end.assign(f->nmetrics, 0);
	int64_t cap = (set->iterations > 0 ? set->iterations : set->max_iterations) + kMaxWarmup;
	size_t want = std::min<size_t>((size_t)cap * (size_t)std::max(1, f->tmpl.procs), kMaxReserve);
	for (auto &v : s.m)
		v.reserve(want); // preallocated: no allocation while timing
	rbb_ctx ctx = f->tmpl;
	ctx.size = size;
	rb_probe p0, p1;
	rb_probe_read(&p0);
	for (auto _ : st) {
		int ret = f->scn->setup ? f->scn->setup(&ctx) : 0;
		if (ret) {
			rbb_skip_errno(&s, ret, "setup");
			break;
		}
		s.t_start = rb_now_ns();
		f->scn->run(&ctx, &s);
		if (f->scn->teardown)
			f->scn->teardown(&ctx);
		int64_t kept = s.iters - s.warm_iters;
		st.SetIterationTime(kept > 0 && !s.warm ? (s.manual_ns - s.manual_warm_ns) * 1e-9 / (double)kept : 0);
	}
	rb_probe_read(&p1);
	rbb_cell_result r{};
	r.cell = f->cells[idx];
	r.error = s.error.empty() ? nullptr : s.error.c_str();
	r.iterations = s.iters;
	rb_probe_delta(&p0, &p1, &r.usage);
	std::vector<const double *> v(f->nmetrics);
	std::vector<size_t> n(f->nmetrics);
	for (size_t m = 0; m < f->nmetrics; m++) {
		size_t from = s.warm ? s.m[m].size() : s.warm_end[m];
		v[m] = s.m[m].data() + from;
		n[m] = s.m[m].size() - from;
	}
	r.nmetrics = (int)f->nmetrics;
	r.v = v.data();
	r.n = n.data();
	if (r.error)
		g_errors++;
	set->done(set->arg, &r);
}

class Collector : public benchmark::BenchmarkReporter {
    public:
	bool ReportContext(const Context &ctx) override
	{
		if (ctx.cpu_info.scaling == benchmark::CPUInfo::ENABLED && g_set->warning)
			g_set->warning(g_set->arg, "Google Benchmark: CPU frequency scaling is enabled; timings may be noisy");
		return true;
	}
	void ReportRuns(const std::vector<Run> &) override
	{
	}
};

} // namespace

extern "C" int rbb_register(const rbb_scenario *scn, const rbb_ctx *tmpl, const uint64_t *sizes, const int *cells,
			    int nsizes)
{
	auto f = std::make_unique<Family>();
	f->scn = scn;
	f->tmpl = *tmpl;
	f->sizes.assign(sizes, sizes + nsizes);
	f->cells.assign(cells, cells + nsizes);
	f->nmetrics = 0;
	while (scn->metrics[f->nmetrics])
		f->nmetrics++;
	f->name = std::string(scn->name) + "/" + tmpl->backend->spec;
	if (tmpl->variant_name && *tmpl->variant_name)
		f->name += std::string("/") + tmpl->variant_name;
	if (scn->procs)
		f->name += "/procs:" + std::to_string(tmpl->procs);
	if (g_by_name.count(f->name))
		return -EEXIST;
	Family *fp = f.get();
	benchmark::internal::Benchmark *b =
		benchmark::RegisterBenchmark(f->name.c_str(), [fp](benchmark::State &st) { run_one(fp, st); });
	for (int i = 0; i < nsizes; i++)
		b->Arg((int64_t)sizes[i]);
	b->UseManualTime()->Unit(benchmark::kNanosecond)->Iterations(1)->Repetitions(1);
	g_by_name[f->name] = fp;
	g_families.push_back(std::move(f));
	return 0;
}

extern "C" int rbb_run_all(const rbb_settings *set)
{
	std::vector<std::string> args = { "regionbench" };
	if (set->random_interleaving)
		args.push_back("--benchmark_enable_random_interleaving=true");
	std::string tmp_json;
	if (set->json_out) {
		tmp_json = std::string(set->json_out) + ".tmp";
		args.push_back("--benchmark_out=" + tmp_json);
		args.push_back("--benchmark_out_format=json");
	}
	std::vector<char *> argv;
	for (auto &a : args)
		argv.push_back(&a[0]);
	argv.push_back(nullptr);
	int argc = (int)args.size();
	benchmark::Initialize(&argc, argv.data());
	g_set = set;
	g_errors = 0;
	Collector c;
	benchmark::RunSpecifiedBenchmarks(&c);
	benchmark::Shutdown();
	if (set->json_out && std::rename(tmp_json.c_str(), set->json_out) != 0)
		std::remove(tmp_json.c_str());
	return g_errors;
}

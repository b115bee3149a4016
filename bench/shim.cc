// shim.cc - the C shim's C++ half: registers C scenario descriptors with
// Google Benchmark, runs them, and collects the raw samples the scenarios
// recorded (the only C++ in the project).
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <deque>
#include <map>
#include <memory>
#include <string>
#include <vector>

extern "C" {
#include "afile.h"
#include "series.h"
#include "shim.h"
#include "stats.h"
}

namespace {

constexpr size_t kMaxSamples = size_t(1) << 20; // per metric per invocation

struct Invocation {
	std::vector<std::vector<double>> m; // per metric
	std::vector<size_t> warm_end;	    // per metric: samples before it are warm-up
	size_t started = 0;		    // iterations started
	size_t dropped = 0;
};

struct Family {
	const rbb_scenario *scn;
	rbb_ctx tmpl;
	std::vector<uint64_t> sizes;
	std::string name;
	size_t nmetrics;
	size_t warm = 0; // with fixed iterations: leading iterations dropped as warm-up
	std::vector<std::deque<Invocation>> inv; // per size index
};

std::vector<std::unique_ptr<Family>> g_families;
std::map<std::string, Family *> g_by_name;

} // namespace

struct rbb_state {
	benchmark::State *st;
	Family *fam;
	Invocation *inv;
};

extern "C" {

int rbb_keep_running(rbb_state *s)
{
	if (!s->st->KeepRunning())
		return 0;
	if (s->fam->warm && ++s->inv->started == s->fam->warm + 1)
		for (size_t m = 0; m < s->inv->m.size(); m++)
			s->inv->warm_end[m] = s->inv->m[m].size();
	return 1;
}
void rbb_pause(rbb_state *s)
{
	s->st->PauseTiming();
}
void rbb_resume(rbb_state *s)
{
	s->st->ResumeTiming();
}
void rbb_set_iteration_time(rbb_state *s, double seconds)
{
	s->st->SetIterationTime(seconds);
}
void rbb_sample(rbb_state *s, int metric, double value)
{
	auto &v = s->inv->m[(size_t)metric];
	if (v.size() < kMaxSamples)
		v.push_back(value);
	else
		s->inv->dropped++;
}
void rbb_iteration_ns(rbb_state *s, double ns)
{
	s->st->SetIterationTime(ns * 1e-9);
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
	std::string msg = std::string(what) + ": " + std::strerror(-neg_errno);
	s->st->SkipWithError(msg.c_str());
}
int rbb_error_occurred(rbb_state *s)
{
	return s->st->error_occurred();
}

} // extern "C"

namespace {

void run_one(Family *f, benchmark::State &st)
{
	uint64_t size = (uint64_t)st.range(0);
	size_t idx = (size_t)(std::find(f->sizes.begin(), f->sizes.end(), size) - f->sizes.begin());
	f->inv[idx].emplace_back();
	Invocation &inv = f->inv[idx].back();
	inv.m.resize(f->nmetrics);
	inv.warm_end.assign(f->nmetrics, 0);
	size_t want = std::min<size_t>((size_t)st.max_iterations * (size_t)std::max(1, f->tmpl.procs), kMaxSamples);
	for (auto &v : inv.m)
		v.reserve(want); // preallocated: no allocation while timing
	rbb_ctx ctx = f->tmpl;
	ctx.size = size;
	rbb_state s{ &st, f, &inv };
	int ret = f->scn->setup ? f->scn->setup(&ctx) : 0;
	if (ret) {
		rbb_skip_errno(&s, ret, "setup");
		for (auto _ : st) {
		}
		return;
	}
	f->scn->run(&ctx, &s);
	if (f->scn->teardown)
		f->scn->teardown(&ctx);
}

class Collector : public benchmark::BenchmarkReporter {
    public:
	Collector(rb_resultset *rs, int quiet, size_t total) : rs_(rs), quiet_(quiet), total_(total)
	{
	}
	bool ReportContext(const Context &) override
	{
		return true;
	}
	void ReportRuns(const std::vector<Run> &runs) override
	{
		std::map<int64_t, size_t> iteration_runs;
		for (const Run &r : runs)
			if (r.run_type == Run::RT_Iteration)
				iteration_runs[r.per_family_instance_index]++;
		std::map<int64_t, bool> done;
		for (const Run &r : runs) {
			auto it = g_by_name.find(r.run_name.function_name);
			if (it == g_by_name.end())
				continue;
			Family *f = it->second;
			if (r.run_type == Run::RT_Aggregate)
				continue;
			if (done[r.per_family_instance_index])
				continue;
			done[r.per_family_instance_index] = true;
			commit(f, (size_t)r.per_family_instance_index, iteration_runs[r.per_family_instance_index], r);
		}
	}
	int errors = 0;

    private:
	void commit(Family *f, size_t idx, size_t reps, const Run &r)
	{
		if (idx >= f->sizes.size())
			return;
		auto &invs = f->inv[idx];
		size_t first = invs.size() > reps ? invs.size() - reps : 0; // drop calibration runs
		rb_series *primary = nullptr;
		for (size_t m = 0; m < f->nmetrics; m++) {
			rb_key k;
			rb_key_set(&k, f->scn->name, f->tmpl.backend->spec, f->tmpl.backend->fs_type, f->sizes[idx],
				   f->tmpl.variant_name ? f->tmpl.variant_name : "", f->tmpl.procs);
			size_t have = 0;
			for (size_t i = first; i < invs.size(); i++)
				have += invs[i].m[m].size();
			if (m && !have && !r.error_occurred)
				continue; /* a secondary metric this variant does not record */
			rb_series *s = rb_results_metric(rs_, &k, f->scn->metrics[m]);
			if (!s)
				continue;
			if (!m)
				primary = s;
			for (size_t i = first; i < invs.size(); i++)
				for (size_t j = invs[i].warm_end[m]; j < invs[i].m[m].size(); j++)
					rb_series_add(s, invs[i].m[m][j]);
			if (r.error_occurred) {
				rb_series_fail(s, RB_ERROR, r.error_message.c_str());
			} else if (invs.empty() || invs.back().dropped) {
				/* keep the samples but say the distribution is partial */
			}
		}
		if (r.error_occurred)
			errors++;
		invs.clear(); // free memory; the samples live in the result set now
		done_++;
		if (!quiet_ && primary) {
			rb_stats st;
			rb_stats_compute(primary->v, primary->n, &st);
			if (r.error_occurred)
				std::fprintf(stderr, "  [%zu/%zu] %-60s ERROR %s\n", done_, total_, r.benchmark_name().c_str(),
					     r.error_message.c_str());
			else
				std::fprintf(stderr, "  [%zu/%zu] %-60s p50 %10.0f ns  p99 %10.0f ns  n=%zu\n", done_, total_,
					     r.benchmark_name().c_str(), st.p50, st.p99, st.n);
		}
	}
	rb_resultset *rs_;
	int quiet_;
	size_t total_, done_ = 0;
};

} // namespace

extern "C" int rbb_register(const rbb_scenario *scn, const rbb_ctx *tmpl, const uint64_t *sizes, int nsizes,
			    int64_t iterations)
{
	auto f = std::make_unique<Family>();
	f->scn = scn;
	f->tmpl = *tmpl;
	f->sizes.assign(sizes, sizes + nsizes);
	f->nmetrics = 0;
	while (scn->metrics[f->nmetrics])
		f->nmetrics++;
	f->inv.resize((size_t)nsizes);
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
	b->UseManualTime()->Unit(benchmark::kNanosecond);
	if (iterations <= 0 && scn->fixed_iterations)
		iterations = scn->fixed_iterations(tmpl);
	if (iterations > 0) {
		/* no calibration runs to drop: drop the first iterations instead */
		f->warm = iterations >= 20 ? 5 : (size_t)std::max<int64_t>(1, iterations / 4);
		b->Iterations(iterations + (int64_t)f->warm);
	}
	g_by_name[f->name] = fp;
	g_families.push_back(std::move(f));
	return 0;
}

extern "C" int rbb_run_all(const rbb_settings *set, rb_resultset *rs)
{
	std::vector<std::string> args = { "regionbench" };
	char buf[64];
	std::snprintf(buf, sizeof(buf), "--benchmark_min_time=%g", set->min_time_s);
	args.push_back(buf);
	args.push_back("--benchmark_repetitions=" + std::to_string(std::max(1, set->repetitions)));
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
	size_t total = 0;
	for (auto &f : g_families)
		total += f->sizes.size() * (size_t)std::max(1, set->repetitions);
	total /= (size_t)std::max(1, set->repetitions); // ReportRuns comes once per instance
	Collector c(rs, set->quiet, total);
	benchmark::RunSpecifiedBenchmarks(&c);
	benchmark::Shutdown();
	if (set->json_out && std::rename(tmp_json.c_str(), set->json_out) != 0)
		std::remove(tmp_json.c_str());
	return c.errors;
}

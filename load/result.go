package load

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"runtime"
	"slices"
	"sort"
	"strings"
	"text/tabwriter"
)

// Result is everything one run measured; it is what -json writes.
type Result struct {
	Tool        string            `json:"tool"`
	Scenario    string            `json:"scenario"`
	URLs        string            `json:"urls"`
	RunID       string            `json:"runId"`
	Started     string            `json:"started"`
	Config      map[string]any    `json:"config"`
	Machine     machineInfo       `json:"machine"`
	Setup       setupResult       `json:"setup"`
	Steps       []StepResult      `json:"steps"`
	Idle        *IdleResult       `json:"idle,omitempty"`
	Storm       *StormResult      `json:"storm,omitempty"`
	Slow        *SlowResult       `json:"slow,omitempty"`
	Churn       *ChurnResult      `json:"churn,omitempty"`
	Resume      resumeResult      `json:"resume"`
	Checks      Checks            `json:"checks"`
	Errors      map[string]uint64 `json:"errors"`
	Disconnects map[string]uint64 `json:"disconnects"`
	Warnings    []string          `json:"warnings,omitempty"`
	Aborted     string            `json:"aborted,omitempty"`
}

type machineInfo struct {
	CPUs       int    `json:"cpus"`
	GoMaxProcs int    `json:"gomaxprocs"`
	GoVersion  string `json:"goVersion"`
	LoadBefore string `json:"loadavgBefore"`
	LoadAfter  string `json:"loadavgAfter"`
	FileLimit  uint64 `json:"fileLimit"`
}

type setupResult struct {
	Clients        int             `json:"clients"`
	Boards         int             `json:"boards"`
	JoinSeconds    float64         `json:"joinSeconds"`
	ConnectSeconds float64         `json:"connectSeconds"`
	Connect        Latency         `json:"connect"` // dial to caught up (snapshot)
	ServersBefore  []serverMetrics `json:"serversBeforeConnect"`
	ServersAfter   []serverMetrics `json:"serversAtEnd"`
}

// Checks are the correctness figures: all must be zero.
type Checks struct {
	Gaps              uint64 `json:"gaps"`              // seqs skipped that the receiver may see
	SkippedSeqs       uint64 `json:"skippedSeqs"`       // all skipped seqs, including others' votes
	Repeats           uint64 `json:"repeats"`           // events at or below a seq already applied
	MissingDeliveries uint64 `json:"missingDeliveries"` // acked ops not received by every other client
	ExtraDeliveries   uint64 `json:"extraDeliveries"`
	StaleClients      int    `json:"staleClients"` // connected at the end but behind the board's head
	ConnectedAtEnd    int    `json:"connectedAtEnd"`
	ParseErrors       uint64 `json:"parseErrors"`
	Resent            uint64 `json:"resentOps"`
	OpTableFull       uint64 `json:"opTableFull"`
}

type resumeResult struct {
	Count     uint64  `json:"count"`
	Latency   Latency `json:"latency"` // reconnect start to caught up
	Replays   uint64  `json:"replays"`
	Snapshots uint64  `json:"snapshots"`
	Inexact   uint64  `json:"inexact"` // replays whose event count was not exactly what was missed
}

// NodeStep is one server node during a step.
type NodeStep struct {
	URL        string  `json:"url"`
	CPUCores   float64 `json:"cpuCores"`
	RSSMB      float64 `json:"rssMB"`
	HeapMB     float64 `json:"heapInuseMB"`
	Goroutines float64 `json:"goroutines"`
	Conns      float64 `json:"connections"`
	Committed  float64 `json:"opsCommitted"`
	OK         bool    `json:"ok"`
}

// StepResult is one measured step.
type StepResult struct {
	Name               string         `json:"name"`
	TargetRate         float64        `json:"targetOpsPerSec"`
	CursorRate         float64        `json:"cursorsPerSec"`
	Seconds            float64        `json:"seconds"`
	OpsSent            uint64         `json:"opsSent"`
	OpsAcked           uint64         `json:"opsAcked"`
	OpsRefused         uint64         `json:"opsRefused"`
	OpsNotSent         uint64         `json:"opsNotSent"` // the tool's queue was full
	OpsUnanswered      uint64         `json:"opsUnanswered"`
	OpsPerSec          float64        `json:"ackedOpsPerSec"`
	Deliveries         uint64         `json:"deliveries"`
	DeliveriesPerSec   float64        `json:"deliveriesPerSec"`
	Replayed           uint64         `json:"replayedDeliveries"`
	ExpectedDeliveries uint64         `json:"expectedDeliveries"`
	MissingDeliveries  uint64         `json:"missingDeliveries"`
	ExtraDeliveries    uint64         `json:"extraDeliveries"`
	Ack                Latency        `json:"ack"`
	Delivery           Latency        `json:"delivery"`
	SendLag            Latency        `json:"sendLag"` // planned to written: the tool's own lateness
	FramesPerSec       float64        `json:"framesPerSec"`
	MessagesPerSec     float64        `json:"messagesPerSec"` // a frame holds one or more messages
	MBInPerSec         float64        `json:"mbInPerSec"`
	MaxFramesClientSec int64          `json:"maxFramesPerClientSec"`
	MeanFramesClient   float64        `json:"meanFramesPerClientSec"`
	Snapshots          uint64         `json:"snapshots"`
	CursorFrames       uint64         `json:"cursorFrames"`
	CursorsSent        uint64         `json:"cursorsSent"`
	CursorDrops        uint64         `json:"cursorDrops"`
	ToolCPU            float64        `json:"toolCpuCores"`
	MachineCPU         float64        `json:"machineCpuCores"`
	SoftirqCPU         float64        `json:"softirqCpuCores"` // the kernel's network work, in no process
	OtherCPU           float64        `json:"otherCpuCores"`   // everything else: other processes (a database, Redis, other people's jobs)
	Servers            []NodeStep     `json:"servers"`
	ToolBound          bool           `json:"toolBound"` // the tool used 0.9 cores or more
	Late               bool           `json:"late"`      // ops left the tool over 5 ms late (p99): a starved tool or machine
	Timeline           []SecondResult `json:"timeline"`
}

// SecondResult is one second of a step (by receive time).
type SecondResult struct {
	Sec         int     `json:"sec"`
	Acks        uint64  `json:"acks"`
	AckP99      float64 `json:"ackP99Ms"`
	Deliveries  uint64  `json:"deliveries"`
	DeliveryP50 float64 `json:"deliveryP50Ms"`
	DeliveryP99 float64 `json:"deliveryP99Ms"`
	DeliveryMax float64 `json:"deliveryMaxMs"`
}

func round3(v float64) float64 { return math.Round(v*1000) / 1000 }

func (st *stepStats) result(r *runner) StepResult {
	sec := func(ns int64) float64 { return float64(ns) / 1e9 }
	window := sec(st.end - st.start)
	sendWindow := sec(st.sendEnd - st.start)
	res := StepResult{
		Name: st.name, TargetRate: st.rate, CursorRate: st.cursorRate, Seconds: round3(sendWindow),
		OpsSent: st.sent.Load(), OpsAcked: st.acked.Load(), OpsRefused: st.refused.Load(), OpsNotSent: st.notSent.Load(),
		Deliveries: st.deliveries.Load(), Replayed: st.replayed.Load(),
		Ack: st.ack.Summary(), Delivery: st.deliv.Summary(), SendLag: st.lag.Summary(),
		Snapshots: st.snapshots.Load(), CursorFrames: st.cursorFrames.Load(),
		CursorsSent: st.cursorsSent.Load(), CursorDrops: st.cursorDrops.Load(),
	}
	if a := res.OpsAcked + res.OpsRefused; res.OpsSent > a {
		res.OpsUnanswered = res.OpsSent - a
	}
	if last := st.lastAck.Load(); last > st.start {
		res.OpsPerSec = round3(float64(res.OpsAcked) / max(sec(last-st.start), sendWindow))
	}
	if last := st.lastDelivery.Load(); last > st.start {
		res.DeliveriesPerSec = round3(float64(res.Deliveries) / max(sec(last-st.start), sendWindow))
	}
	if !st.noExpect {
		res.ExpectedDeliveries = st.expected.Load()
		got := res.Deliveries + res.Replayed
		if got < res.ExpectedDeliveries {
			res.MissingDeliveries = res.ExpectedDeliveries - got
		} else {
			res.ExtraDeliveries = got - res.ExpectedDeliveries
		}
	}
	b, a := st.before, st.after
	if window > 0 {
		res.FramesPerSec = round3(float64(a.frames-b.frames) / window)
		res.MessagesPerSec = round3(float64(a.msgs-b.msgs) / window)
		res.MBInPerSec = round3(float64(a.bytes-b.bytes) / window / 1e6)
		res.ToolCPU = round3((a.toolCPU - b.toolCPU) / window)
		if a.total > b.total {
			cores := float64(runtime.NumCPU()) / float64(a.total-b.total)
			res.MachineCPU = round3(float64(a.busy-b.busy) * cores)
			res.SoftirqCPU = round3(float64(a.softirq-b.softirq) * cores)
		}
		res.MaxFramesClientSec = st.maxFPS
		if st.clients > 0 {
			res.MeanFramesClient = round3(float64(a.frames-b.frames) / float64(st.clients) / window)
		}
	}
	for i, u := range r.urls {
		ns := NodeStep{URL: u.String()}
		if i < len(a.servers) && i < len(b.servers) && a.servers[i].OK && b.servers[i].OK {
			sa, sb := a.servers[i], b.servers[i]
			ns.OK = true
			ns.CPUCores = round3((sa.CPU - sb.CPU) / window)
			ns.RSSMB = round3(sa.RSS / 1e6)
			ns.HeapMB = round3(sa.HeapInuse / 1e6)
			ns.Goroutines, ns.Conns = sa.Goroutines, sa.Conns
			ns.Committed = sa.Committed - sb.Committed
		}
		res.Servers = append(res.Servers, ns)
	}
	srv := 0.0
	for _, n := range res.Servers {
		srv += n.CPUCores
	}
	res.OtherCPU = round3(max(0, res.MachineCPU-res.ToolCPU-srv-res.SoftirqCPU))
	for i := range st.secs {
		a, d := st.secs[i].ack.Summary(), st.secs[i].deliv.Summary()
		if a.Count == 0 && d.Count == 0 {
			continue
		}
		res.Timeline = append(res.Timeline, SecondResult{Sec: i, Acks: a.Count, AckP99: a.P99,
			Deliveries: d.Count, DeliveryP50: d.P50, DeliveryP99: d.P99, DeliveryMax: d.Max})
	}
	res.ToolBound = res.ToolCPU >= 0.9
	res.Late = res.SendLag.P99 > 5
	return res
}

// IdleResult is the idle scenario's memory figures.
type IdleResult struct {
	Connections      int     `json:"connections"`
	RSSPerConnKB     float64 `json:"serverRssPerConnKB"`
	HeapPerConnKB    float64 `json:"serverHeapPerConnKB"`
	StackPerConnKB   float64 `json:"serverStackPerConnKB"`
	GoroutinesDelta  float64 `json:"serverGoroutinesDelta"`
	ServerCPUCores   float64 `json:"serverCpuCoresIdle"`
	ToolRSSPerConnKB float64 `json:"toolRssPerConnKB"`
}

// StormResult is the reconnect scenario's.
type StormResult struct {
	Dropped       int     `json:"dropped"`
	Resumed       int     `json:"resumed"`
	AllResumedSec float64 `json:"allResumedSeconds"` // from the drop; -1 if not all did
	ResumeLatency Latency `json:"resumeFromDrop"`
	Replays       uint64  `json:"replays"`
	Snapshots     uint64  `json:"snapshots"`
	Inexact       uint64  `json:"inexact"`
	MissedEvents  uint64  `json:"missedEventsReplayed"`
	DropDelaySec  float64 `json:"dropDelaySeconds"`
	// Server figures from the drop until all resumed, per resume (the
	// live traffic of those who stayed is in them too): they do not
	// depend on the machine's speed as latencies do. Absent with several
	// nodes or without /metrics.
	Server *StormServer `json:"serverPerResume,omitempty"`
}

// StormServer is what the server did per resume during a reconnect storm.
type StormServer struct {
	Resumes        int     `json:"resumes"` // every resume in the window, repeats included
	CPUMs          float64 `json:"cpuMs"`
	AllocatedKB    float64 `json:"allocatedKB"`
	Mallocs        float64 `json:"mallocs"`
	Messages       float64 `json:"messages"`
	Frames         float64 `json:"frames"`
	PresenceLists  float64 `json:"presenceLists"`
	PresenceKB     float64 `json:"presenceKB"`
	SlowCloses     float64 `json:"slowClosesInAll"`
	StepsOver100ms float64 `json:"boardStepsOver100msInAll"` // the board's runner busy over 100 ms at once
	WindowSec      float64 `json:"windowSeconds"`
}

// SlowResult is the slow-consumer scenario's.
type SlowResult struct {
	Clients      int       `json:"slowClients"` // how many stopped reading, one per board
	BaselineP99  float64   `json:"baselineDeliveryP99Ms"`
	SlowP99      float64   `json:"slowPhaseDeliveryP99Ms"`
	IncreasePct  float64   `json:"p99IncreasePercent"`
	CutAfterSec  float64   `json:"cutAfterSeconds"`     // when the last was cut; -1: not all were
	CutAfterAll  []float64 `json:"cutAfterSecondsEach"` // one for each slow client the server cut
	CloseCode    int64     `json:"closeCode"`           // what the first slow client read at the end (-1: no close frame)
	Resumed      int       `json:"resumed"`
	ResumedSec   float64   `json:"resumedSeconds"` // from reading again to the last caught up; -1: not all did
	ResumeKind   string    `json:"resumeKind"`
	SlowFinalSeq uint64    `json:"slowFinalSeq"` // the first slow client's
	BoardHead    uint64    `json:"boardHead"`    // its board's
	AllAtHead    bool      `json:"allAtHead"`    // every slow client ended at its board's head
	SlowGaps     uint64    `json:"slowGaps"`     // in all slow clients
}

// ChurnResult is the churn scenario's.
type ChurnResult struct {
	Left       int     `json:"left"`
	CameBack   int     `json:"cameBack"`
	NewJoined  int     `json:"newJoined"`
	Rejoin     Latency `json:"rejoin"`  // reconnect to caught up (resume)
	NewJoin    Latency `json:"newJoin"` // POST /api/join to caught up (snapshot)
	JoinErrors int     `json:"joinErrors"`
}

// WriteJSON writes res to path.
func (res *Result) WriteJSON(path string) error {
	data, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// Print writes the result table and the scenario's figures.
func (res *Result) Print(w io.Writer) {
	fmt.Fprintf(w, "\nsamskap-load %s: %d clients on %d boards (rooms of %d), %s, run %s\n",
		res.Scenario, res.Setup.Clients, res.Setup.Boards, roomSize(res), res.URLs, res.RunID)
	fmt.Fprintf(w, "machine: %d CPUs, load %s before, %s after; setup: join %.1fs, connect %.1fs (p99 %.1f ms)\n",
		res.Machine.CPUs, res.Machine.LoadBefore, res.Machine.LoadAfter, res.Setup.JoinSeconds, res.Setup.ConnectSeconds, res.Setup.Connect.P99)
	if len(res.Steps) > 0 {
		tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "step\ttarget/s\tacked/s\tdeliv/s\tack p50\tp99\tp99.9\tmax\tdeliv p50\tp95\tp99\tp99.9\tmax\tmaxfr/c/s\tmsg/fr\ttool cpu\tsrv cpu\tirq\tother\tsrv MB\tmiss\terr\t")
		for _, s := range res.Steps {
			srvCPU, srvMB := 0.0, 0.0
			for _, n := range s.Servers {
				srvCPU += n.CPUCores
				srvMB += n.RSSMB
			}
			flag := ""
			if s.ToolBound {
				flag += " TOOL-BOUND"
			}
			if s.Late {
				flag += " LATE"
			}
			perFrame := 0.0
			if s.FramesPerSec > 0 {
				perFrame = s.MessagesPerSec / s.FramesPerSec
			}
			fmt.Fprintf(tw, "%s%s\t%.0f\t%.0f\t%.0f\t%.2f\t%.2f\t%.2f\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\t%.1f\t%d\t%.1f\t%.2f\t%.2f\t%.2f\t%.2f\t%.0f\t%d\t%d\t\n",
				s.Name, flag, s.TargetRate, s.OpsPerSec, s.DeliveriesPerSec,
				s.Ack.P50, s.Ack.P99, s.Ack.P999, s.Ack.Max,
				s.Delivery.P50, s.Delivery.P95, s.Delivery.P99, s.Delivery.P999, s.Delivery.Max,
				s.MaxFramesClientSec, perFrame, s.ToolCPU, srvCPU, s.SoftirqCPU, s.OtherCPU, srvMB, s.MissingDeliveries, s.OpsRefused+s.OpsUnanswered+s.OpsNotSent)
		}
		tw.Flush()
		fmt.Fprintln(w, "(latencies in ms from the op's write; deliv: its event at every other client of the board;\n"+
			" maxfr/c/s: most frames one client got in one second; msg/fr: messages per frame; cpu in cores: the tool, the server(s), the kernel's\n"+
			" softirq (loopback TCP), other processes; LATE: ops left the tool over 5 ms late at p99; TOOL-BOUND: the\n"+
			" tool used 0.9 cores or more)")
	}
	if i := res.Idle; i != nil {
		fmt.Fprintf(w, "idle: %d connections; server RSS %.1f KB/conn, heap %.1f KB/conn, stacks %.1f KB/conn, +%.0f goroutines, %.3f cores idle; tool RSS %.1f KB/conn\n",
			i.Connections, i.RSSPerConnKB, i.HeapPerConnKB, i.StackPerConnKB, i.GoroutinesDelta, i.ServerCPUCores, i.ToolRSSPerConnKB)
	}
	if s := res.Storm; s != nil {
		fmt.Fprintf(w, "reconnect storm: %d dropped, %d resumed, all within %.2fs of the drop (p50 %.0f ms, p99 %.0f ms, max %.0f ms); %d replays (%d events), %d snapshots, %d inexact\n",
			s.Dropped, s.Resumed, s.AllResumedSec, s.ResumeLatency.P50, s.ResumeLatency.P99, s.ResumeLatency.Max, s.Replays, s.MissedEvents, s.Snapshots, s.Inexact)
		if v := s.Server; v != nil {
			fmt.Fprintf(w, "storm, server per resume (%d in %.1fs): %.2f ms CPU, %.1f KB allocated in %.0f allocations, %.1f messages in %.1f frames, %.2f presence lists (%.1f KB); in all %.0f cut as slow, %.0f board steps over 100 ms\n",
				v.Resumes, v.WindowSec, v.CPUMs, v.AllocatedKB, v.Mallocs, v.Messages, v.Frames, v.PresenceLists, v.PresenceKB, v.SlowCloses, v.StepsOver100ms)
		}
	}
	if s := res.Slow; s != nil {
		if s.Clients <= 1 {
			cut := "never cut during the step"
			if s.CutAfterSec >= 0 {
				cut = fmt.Sprintf("cut after %.2fs (it then read close code %d; -1: none)", s.CutAfterSec, s.CloseCode)
			}
			resumed := "did not reconnect"
			if s.ResumedSec >= 0 {
				resumed = fmt.Sprintf("resumed %.2fs after reading again, by %s", s.ResumedSec, s.ResumeKind)
			}
			fmt.Fprintf(w, "slow consumer: others' delivery p99 %.2f ms -> %.2f ms (%+.1f%%); %s; %s; its final seq %d of head %d, gaps %d\n",
				s.BaselineP99, s.SlowP99, s.IncreasePct, cut, resumed, s.SlowFinalSeq, s.BoardHead, s.SlowGaps)
		} else {
			cuts := slices.Clone(s.CutAfterAll)
			slices.Sort(cuts)
			cut := fmt.Sprintf("%d of %d cut during the step", len(cuts), s.Clients)
			if len(cuts) > 0 {
				cut += fmt.Sprintf(", after %.2f-%.2fs", cuts[0], cuts[len(cuts)-1])
			}
			resumed := fmt.Sprintf("%d of %d resumed", s.Resumed, s.Clients)
			if s.ResumedSec >= 0 {
				resumed += fmt.Sprintf(", the last %.2fs after reading again, by %s", s.ResumedSec, s.ResumeKind)
			}
			fmt.Fprintf(w, "slow consumers (%d, one a board): others' delivery p99 %.2f ms -> %.2f ms (%+.1f%%); %s; %s; all at their board's head: %v, gaps %d\n",
				s.Clients, s.BaselineP99, s.SlowP99, s.IncreasePct, cut, resumed, s.AllAtHead, s.SlowGaps)
		}
	}
	if c := res.Churn; c != nil {
		fmt.Fprintf(w, "churn: %d left, %d came back (resume p50 %.1f ms, p99 %.1f ms), %d new joined (join to caught up p50 %.1f ms, p99 %.1f ms), %d join errors\n",
			c.Left, c.CameBack, c.Rejoin.P50, c.Rejoin.P99, c.NewJoined, c.NewJoin.P50, c.NewJoin.P99, c.JoinErrors)
	}
	ck := res.Checks
	fmt.Fprintf(w, "checks: gaps %d (skipped seqs %d incl. others' votes), repeats %d, missing deliveries %d, extra %d, stale clients %d of %d connected, parse errors %d, resent ops %d\n",
		ck.Gaps, ck.SkippedSeqs, ck.Repeats, ck.MissingDeliveries, ck.ExtraDeliveries, ck.StaleClients, ck.ConnectedAtEnd, ck.ParseErrors, ck.Resent)
	if res.Resume.Count > 0 {
		fmt.Fprintf(w, "resumes: %d (%d replays, %d snapshots, %d inexact), reconnect to caught up p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
			res.Resume.Count, res.Resume.Replays, res.Resume.Snapshots, res.Resume.Inexact, res.Resume.Latency.P50, res.Resume.Latency.P99, res.Resume.Latency.Max)
	}
	fmt.Fprintf(w, "errors: %s; disconnects: %s\n", fmtCounts(res.Errors), fmtCounts(res.Disconnects))
	for _, s := range res.Warnings {
		fmt.Fprintln(w, "WARNING:", s)
	}
	if res.Aborted != "" {
		fmt.Fprintln(w, "ABORTED:", res.Aborted)
	}
}

func roomSize(res *Result) int {
	if res.Setup.Boards == 0 {
		return 0
	}
	return (res.Setup.Clients + res.Setup.Boards - 1) / res.Setup.Boards
}

func fmtCounts(m map[string]uint64) string {
	if len(m) == 0 {
		return "none"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b strings.Builder
	for i, k := range keys {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "%s=%d", k, m[k])
	}
	return b.String()
}

// public is the configuration as recorded in the result (no token).
func (c Config) public() map[string]any {
	return map[string]any{
		"url": c.URLs, "scenario": c.Scenario, "clients": c.Clients, "boards": c.Boards, "rates": c.Rates,
		"cursors": c.Cursors, "mix": c.Mix.String(), "text": c.TextBytes, "duration": c.Duration.String(),
		"settle": c.Settle.String(), "drain": c.Drain.String(), "timeout": c.Timeout.String(),
		"clientRate": c.ClientRate, "senders": c.Senders, "reconnect": c.Reconnect, "tick": c.Tick.String(),
		"dropDelay": c.DropDelay.String(), "keep": c.KeepPerRoom, "stormSnapshot": c.StormFresh, "churn": c.ChurnRate, "churnAway": c.ChurnAway.String(),
	}
}

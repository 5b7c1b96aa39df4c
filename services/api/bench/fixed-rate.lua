-- wrk script for `pnpm bench reports --generator wrk`: every path in turn, at a fixed rate.
-- wrk has no fixed-rate mode (wrk2's is not in Debian). Here each thread keeps its own schedule: request k of
-- a thread is due at start + k / (rate per thread), and delay() holds a free connection until the next slot.
-- A slot that comes due while every connection waits for an answer is taken late, by the next connection to
-- free up: that lateness is what coordinated omission would hide, so it is counted (sent late, p99, max). wrk's
-- own latency runs from the write; while nothing is sent late it is the latency from when the request was due.
-- Args: <rate per thread> <path>...
local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } marquee_timespec;
int clock_gettime(int clk_id, marquee_timespec *tp);
]]
local ts = ffi.new("marquee_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, ts) -- CLOCK_MONOTONIC
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local threads = {}
function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

local requests, interval, start
local slot, next_path = 0, 0
-- Lateness of each send, in 0.1 ms steps up to 1 s (the last step holds the rest).
late_steps = {}
sends, sent_late, max_late = 0, 0, 0

function init(args)
  interval = 1000 / tonumber(args[1])
  requests = {}
  for i = 2, #args do requests[#requests + 1] = wrk.format("GET", args[i], { accept = "application/json" }) end
  next_path = offset or 0
  for i = 0, 10000 do late_steps[i] = 0 end
end

function delay()
  local now = now_ms()
  start = start or now
  local due = start + slot * interval
  slot = slot + 1
  sends = sends + 1
  if due >= now then
    -- wrk's timers count whole ms: round to the nearest, so sends spread evenly around their slots.
    return math.floor(due - now + 0.5)
  end
  local late = now - due
  if late > 1 then sent_late = sent_late + 1 end
  if late > max_late then max_late = late end
  local step = math.min(10000, math.floor(late * 10))
  late_steps[step] = late_steps[step] + 1
  return 0
end

function request()
  next_path = next_path % #requests + 1
  return requests[next_path]
end

function done(summary, latency, _)
  local steps, total, late, worst = {}, 0, 0, 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("sends")
    late = late + thread:get("sent_late")
    worst = math.max(worst, thread:get("max_late"))
    local s = thread:get("late_steps")
    for i = 0, 10000 do steps[i] = (steps[i] or 0) + (s[i] or 0) end
  end
  -- p99 lateness over every send (on time counts as 0).
  local on_time, p99_late, seen = total, 0, 0
  for i = 0, 10000 do on_time = on_time - steps[i] end
  seen = on_time
  for i = 0, 10000 do
    if seen >= 0.99 * total then break end
    seen = seen + steps[i]
    p99_late = i / 10
  end
  io.write(string.format(
    '{"requests":%d,"durationUs":%d,"non2xx":%d,"errors":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d,' ..
    '"sends":%d,"sentLate":%d,"p99LateMs":%.1f,"maxLateMs":%.1f}\n',
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99), latency.max,
    total, late, p99_late, worst))
end

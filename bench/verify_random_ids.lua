-- wrk script of bench/verification_throughput.py: GET <prefix><random id> with ids read from a file.
-- wrk -t2 -c32 -d20s --latency -s bench/verify_random_ids.lua http://127.0.0.1:8000 -- /v/ ids.txt [suffix]
local ids = {}
local prefix = "/v/"
local suffix = ""

function init(args)
  prefix = args[1] or prefix
  suffix = args[3] or suffix
  for line in io.lines(args[2]) do
    ids[#ids + 1] = line
  end
  math.randomseed(os.time() + math.floor(os.clock() * 1000000))
  -- as behind the TLS-terminating proxy of production
  wrk.headers["X-Forwarded-Proto"] = "https"
end

function request()
  return wrk.format("GET", prefix .. ids[math.random(#ids)] .. suffix)
end

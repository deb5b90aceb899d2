-- wrk script: each request takes the next path from the PATHS environment variable (space-separated).
local paths = {}
for path in string.gmatch(os.getenv("PATHS") or "/healthz", "%S+") do
  table.insert(paths, path)
end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end

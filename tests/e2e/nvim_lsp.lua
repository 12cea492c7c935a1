-- Neovim as a real client of `gatewright lsp` (headless; Neovim 0.7 or later): opens the file
-- named by GATEWRIGHT_FILE, waits for the server's diagnostics, writes them one per line
-- ("LINE:COLUMN CODE MESSAGE", 1-based, the column in bytes) to GATEWRIGHT_OUT, stops the
-- server and quits; exits non-zero when no diagnostics came within 10 s.
local bin = os.getenv("GATEWRIGHT_BIN")
local file = os.getenv("GATEWRIGHT_FILE")
local out = os.getenv("GATEWRIGHT_OUT")

local function finish(ok, text)
  local f = assert(io.open(out, "w"))
  f:write(text)
  f:close()
  vim.cmd(ok and "qall!" or "cquit!")
end

vim.cmd("edit " .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local id = vim.lsp.start_client({
  name = "gatewright",
  cmd = { bin, "lsp", "--no-config" },
  root_dir = vim.fn.fnamemodify(file, ":h"),
})
if not id then
  finish(false, "the language server did not start\n")
  return
end
vim.lsp.buf_attach_client(buf, id)
local got = vim.wait(10000, function()
  return #vim.diagnostic.get(buf) > 0
end, 20)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(lines, string.format("%d:%d %s %s", d.lnum + 1, d.col + 1, tostring(d.code), d.message:match("[^\n]*")))
end
table.sort(lines)
vim.lsp.stop_client(id)
vim.wait(2000, function()
  return vim.lsp.get_client_by_id(id) == nil
end, 20)
finish(got, table.concat(lines, "\n") .. "\n")

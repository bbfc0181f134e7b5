"""Explorers that work everywhere: self-contained HTML + JavaScript, no kernel needed.

``window_explorer(x)`` shows a small input grid, controls for mode, kernel size, stride,
padding, dilation and ceil mode, and for the selected output cell the window it reads
(padding and ceil-mode overhang drawn distinctly), the value it takes and the
output-size formula filled in. The same HTML runs in Jupyter and in the static book. The
JavaScript follows pooltools' rules; the browser test checks it against pooltools.
"""

from __future__ import annotations

import itertools
import json

import numpy as np

_COUNTER = itertools.count()

_CSS = """
.pt-explorer{font:14px/1.4 system-ui,sans-serif;border:1px solid #ccc;border-radius:6px;padding:10px;margin:8px 0}
.pt-explorer label{margin-right:10px;white-space:nowrap}
.pt-explorer input[type=number]{width:3.5em}
.pt-explorer .pt-grids{display:flex;gap:28px;flex-wrap:wrap;align-items:flex-start;margin-top:8px}
.pt-explorer table{border-collapse:collapse}
.pt-explorer td{width:32px;height:32px;text-align:center;border:1px solid #bbb;font-variant-numeric:tabular-nums}
.pt-explorer td.pad{background:repeating-linear-gradient(45deg,#eee,#eee 4px,#ccc 4px,#ccc 8px);color:#555}
.pt-explorer td.win{outline:3px solid #0072B2;outline-offset:-3px}
.pt-explorer td.over{outline:3px dashed #D55E00;outline-offset:-3px}
.pt-explorer td.best{font-weight:bold;background:#E69F00}
.pt-explorer td.sel{outline:3px solid #0072B2;outline-offset:-3px;font-weight:bold}
.pt-explorer .pt-error{color:#b00020;font-weight:bold}
.pt-explorer .pt-formula{font-family:ui-monospace,monospace;margin-top:6px}
"""

_JS = r"""
(function(root){
  const x = JSON.parse(root.dataset.input), H = x.length, W = x[0].length;
  const $ = s => root.querySelector(s);
  const get = n => parseInt($('[name='+n+']').value, 10);
  function outLen(L,k,s,p,d,ceil){
    const span = L + 2*p - d*(k-1) - 1;
    let o = Math.floor((span + (ceil ? s-1 : 0)) / s) + 1;
    if (ceil && (o-1)*s >= L + p) o -= 1;
    return o;
  }
  function render(){
    const mode=$('[name=mode]').value, k=get('kernel'), s=get('stride'), p=get('padding'),
          d=get('dilation'), ceil=$('[name=ceil]').value==='on';
    const err = $('.pt-error'); err.textContent='';
    let problem = null;
    if (!(k>=1)) problem = 'kernel_size='+k+' must be positive';
    else if (!(s>=1)) problem = 'stride='+s+' must be positive';
    else if (!(d>=1)) problem = 'dilation='+d+' must be positive';
    else if (!(p>=0)) problem = 'padding='+p+' must be at least 0';
    else if (p > Math.floor(k/2)) problem = 'padding='+p+' must be at most half the kernel size ('+k+' // 2 = '+Math.floor(k/2)+')';
    else if (mode==='avg' && d!==1) problem = 'average pooling has no dilation: set dilation=1';
    const Ho = problem ? 0 : outLen(H,k,s,p,d,ceil), Wo = problem ? 0 : outLen(W,k,s,p,d,ceil);
    if (!problem && (Ho<1 || Wo<1)) problem = 'output size would be ('+Ho+', '+Wo+'): floor((L + 2p - d(k-1) - 1)/s) + 1 must be at least 1';
    const f = $('.pt-formula');
    if (problem){ err.textContent = problem; f.textContent=''; $('.pt-in').innerHTML=''; $('.pt-out').innerHTML=''; root.dataset.output='[]'; return; }
    const op = (L,o) => 'floor(('+L+' + 2·'+p+' - '+d+'·('+k+' - 1) - 1) / '+s+')'+(ceil?' rounded up':'')+' + 1 = '+o;
    f.textContent = 'H_out = '+op(H,Ho)+';  W_out = '+op(W,Wo)+';  output '+Ho+'×'+Wo;
    const cell = $('[name=cell]'); cell.max = Ho*Wo-1; if (get('cell') > Ho*Wo-1) cell.value = 0;
    const sel = get('cell'), si = Math.floor(sel/Wo), sj = sel % Wo;
    const out = [], win = {}; let best = null;
    for (let i=0;i<Ho;i++){ const row=[]; for (let j=0;j<Wo;j++){
      let m=-Infinity, arg=null, sum=0, count=0;
      const r0=i*s-p, c0=j*s-p;
      for (let a=0;a<k;a++) for (let b=0;b<k;b++){
        const r=r0+a*d, c=c0+b*d, inside = r>=0&&r<H&&c>=0&&c<W;
        if (i===si&&j===sj) win[r+','+c] = (r>=H+p||c>=W+p) ? 'over' : 'win';
        if (inside){ const v=x[r][c]; if (arg===null) arg=[r,c]; if (v>m||Number.isNaN(v)) {m=v; arg=[r,c];} sum+=v; }
      }
      if (mode==='avg'){ const hs=Math.min(r0+k,H+p)-r0, ws=Math.min(c0+k,W+p)-c0; row.push(sum/(hs*ws)); }
      else row.push(m);
      if (i===si&&j===sj) best = mode==='max' ? arg : null;
    } out.push(row); }
    root.dataset.output = JSON.stringify(out);
    let t = '';
    for (let r=-p-1;r<H+p+1;r++){ t+='<tr>'; for (let c=-p-1;c<W+p+1;c++){
      const inside=r>=0&&r<H&&c>=0&&c<W, pad=!inside&&r>=-p&&r<H+p&&c>=-p&&c<W+p;
      const w = win[r+','+c]; if (!inside && !pad && !w) { t+='<td style="border:none"></td>'; continue; }
      let cls = inside ? '' : 'pad'; if (w) cls += ' '+w; if (best&&best[0]===r&&best[1]===c) cls+=' best';
      t+='<td class="'+cls+'">'+(inside? x[r][c] : (mode==='max'?'−∞':'0'))+'</td>'; }
      t+='</tr>'; }
    $('.pt-in').innerHTML = '<caption>input '+H+'×'+W+'</caption>'+t;
    let o = '';
    out.forEach((row,i)=>{ o+='<tr>'; row.forEach((v,j)=>{ o+='<td class="'+(i===si&&j===sj?'sel':'')+'">'+(Number.isInteger(v)?v:v.toFixed(2))+'</td>'; }); o+='</tr>'; });
    $('.pt-out').innerHTML = '<caption>'+mode+' pooled '+Ho+'×'+Wo+'</caption>'+o;
  }
  root.querySelectorAll('input,select').forEach(e => e.addEventListener('input', render));
  root.querySelectorAll('button').forEach(e => e.addEventListener('click', () => {
    const cell = $('[name=cell]'); cell.value = (get('cell') + (e.dataset.step==='next'?1:-1) + (+cell.max+1)) % (+cell.max+1); render(); }));
  render();
})(document.currentScript.parentElement);
"""


class Explorer:
    """An explorer's HTML; Jupyter and the book display it through ``_repr_html_``."""

    def __init__(self, html: str):
        self.html = html

    def _repr_html_(self) -> str:
        return self.html


def window_explorer(
    x=None, kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False, mode="max"
):
    """An interactive window explorer over a small 2-D grid ``x`` (default 5x5 integers)."""
    if x is None:
        x = np.random.default_rng(0).integers(0, 10, (5, 5))
    x = np.asarray(x)
    if x.ndim != 2 or x.size > 144:
        raise ValueError(
            f"window_explorer: x must be a small 2-D grid (at most 12x12), got shape {x.shape}"
        )
    if mode not in ("max", "avg"):
        raise ValueError(f"window_explorer: mode={mode!r} must be 'max' or 'avg'")
    uid = f"pt-explorer-{next(_COUNTER)}"
    number = lambda name, label, value, low: (  # noqa: E731
        f'<label>{label} <input type="number" name="{name}" value="{value}" min="{low}" max="9"></label>'
    )
    options = "".join(
        f"<option{' selected' if m == mode else ''}>{m}</option>" for m in ("max", "avg")
    )
    ceil = "".join(
        f"<option{' selected' if (v == 'on') == ceil_mode else ''}>{v}</option>"
        for v in ("off", "on")
    )
    html = (
        f'<div class="pt-explorer" id="{uid}" data-pooltools-explorer="window" '
        f"data-input='{json.dumps(x.tolist())}'>"
        f"<style>{_CSS}</style>"
        f'<label>mode <select name="mode">{options}</select></label>'
        + number("kernel", "kernel", kernel_size, 1)
        + number("stride", "stride", stride, 1)
        + number("padding", "padding", padding, 0)
        + number("dilation", "dilation", dilation, 1)
        + f'<label>ceil mode <select name="ceil">{ceil}</select></label><br>'
        '<label>output cell <input type="range" name="cell" min="0" max="0" value="0"></label>'
        '<button type="button" data-step="prev">◀ previous</button>'
        '<button type="button" data-step="next">next ▶</button>'
        '<div class="pt-error" role="alert"></div><div class="pt-formula"></div>'
        '<div class="pt-grids"><table class="pt-in"></table><table class="pt-out"></table></div>'
        f"<script>{_JS}</script></div>"
    )
    return Explorer(html)

// chart.js - charts with Chart.js (vendor/chart.umd.min.js, loaded as a
// classic script: window.Chart). Each chart has a text alternative: an
// aria-label on the canvas and the same figures as a table next to it.
import { h } from './dom.js';
import { t } from './i18n.js';

const palette = ['#0059b3', '#b51d09', '#2a7a2a', '#a05a00', '#6b3fa0', '#545454', '#00838f', '#c2185b', '#5d4037', '#33691e'];

export function barChart({ id, label, labels, series, stacked = true, type = 'bar', yTitle, integer = false }) {
  const canvas = h('canvas', { id, role: 'img', 'aria-label': label });
  const box = h('div', { class: 'app-chart' }, canvas);
  const figures = h('details', { class: 'details' },
    h('summary', { class: 'details-summary' }, h('span', { class: 'details-summary-text' }, t('person.table'))),
    h('div', { class: 'details-text' },
      h('table', { class: 'table table--compact' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), series.map((s) => h('th', { scope: 'col' }, s.label)))),
        h('tbody', {}, labels.map((l, i) => h('tr', {}, h('th', { scope: 'row' }, l), series.map((s) => h('td', {}, s.data[i]))))))));
  const wrap = h('figure', { class: 'mb-5' }, box, figures);
  // drawn once the canvas is in the page
  requestAnimationFrame(() => {
    if (!window.Chart) return;
    /* global Chart */
    const chart = new window.Chart(canvas, {
      type,
      data: {
        labels,
        datasets: series.map((s, i) => ({
          label: s.label, data: s.data, backgroundColor: s.color || palette[i % palette.length],
          borderColor: s.color || palette[i % palette.length], borderWidth: type === 'line' ? 2 : 0, fill: false, tension: 0,
        })),
      },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        scales: { x: { stacked }, y: { stacked, beginAtZero: true, ticks: integer ? { precision: 0 } : undefined, title: yTitle ? { display: true, text: yTitle } : undefined } },
      },
    });
    canvas.dataset.drawn = '1';
    wrap.chart = chart;
  });
  return wrap;
}

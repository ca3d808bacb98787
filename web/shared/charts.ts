/** Chart.js with only the pieces the pages use, registered once (bundled: no CDN). */
import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
  type ChartConfiguration,
} from 'chart.js';
import { h } from './dom.js';

Chart.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  ScatterController,
  Tooltip,
);
Chart.defaults.animation = false;

/** A canvas with a chart in it, inside a titled panel; `data-chart` names it for tests. */
export function chartPanel(name: string, title: string, config: ChartConfiguration): HTMLElement {
  const canvas = h('canvas', { 'data-chart': name, height: 220 });
  const panel = h('section', { class: 'panel chart' }, h('h3', {}, title), canvas);
  queueMicrotask(() => {
    (canvas as unknown as { chart: Chart }).chart = new Chart(canvas, config);
  });
  return panel;
}

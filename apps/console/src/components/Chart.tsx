import { useEffect, useRef } from 'react';
import * as echarts from 'echarts';

/** An ECharts chart (canvas) in a labelled figure, with ECharts' generated description (its aria option). */
export function Chart({
  option,
  label,
  height = 280,
}: {
  option: echarts.EChartsOption;
  label: string;
  height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current);
    chart.setOption({ aria: { enabled: true }, animation: false, ...option });
    const onResize = () => chart.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      chart.dispose();
    };
  }, [option]);
  // ECharts writes its own description (aria) on the chart's element: the figure around it carries the title.
  return (
    <div role="figure" aria-label={label}>
      <div ref={ref} style={{ width: '100%', height }} />
    </div>
  );
}

// A bar chart drawn as SVG, with the same figures as a table for screen readers and for
// reading exact values.

export const BarChart = ({ title, bars }: { title: string; bars: [label: string, value: number][] }) => {
	const most = Math.max(1, ...bars.map(([, value]) => value));
	const [width, row] = [360, 22];
	return (
		<figure className="chart">
			<figcaption>{title}</figcaption>
			<svg width={width + 200} height={bars.length * row + 4} role="img" aria-label={title}>
				{bars.map(([label, value], i) => (
					<g key={label} transform={`translate(0, ${i * row})`}>
						<text x={150} y={15} textAnchor="end" fontSize="12">
							{label}
						</text>
						<rect x={156} y={3} height={16} width={(value / most) * width} fill="#123b5d" />
						<text x={160 + (value / most) * width} y={15} fontSize="12">
							{value}
						</text>
					</g>
				))}
			</svg>
			<table className="chart-data">
				<caption>{title}</caption>
				<tbody>
					{bars.map(([label, value]) => (
						<tr key={label}>
							<th scope="row">{label}</th>
							<td>{value}</td>
						</tr>
					))}
				</tbody>
			</table>
		</figure>
	);
};

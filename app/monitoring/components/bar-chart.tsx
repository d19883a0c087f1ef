import { useSyncExternalStore } from "react";
import { Bar, BarChart, CartesianGrid, Legend, Tooltip, XAxis, YAxis } from "recharts";

const noSubscription = () => () => {};
const inBrowser = () => true;
const onServer = () => false;

export type Series = { key: string; label: string; color: string };

type Props = {
  id: string;
  title: string;
  /** One sentence that says what the chart shows; also the chart's accessible name. */
  summary: string;
  /** Label of the category column of the data table. */
  categoryLabel: string;
  rows: ({ label: string } & Record<string, number | string | null>)[];
  series: Series[];
  stacked?: boolean;
  /** How a value reads in the table (e.g. a percentage). */
  format?: (value: number | null) => string;
  /** The words for the table's disclosure. */
  tableLabel: string;
  emptyLabel: string;
};

/**
 * A bar chart with its text alternative: a caption that says what it shows and the same figures
 * in a data table. The drawing itself is an image named by the summary; it is drawn in the
 * browser only (the table is there without JavaScript).
 */
export function BarChartFigure({
  id,
  title,
  summary,
  categoryLabel,
  rows,
  series,
  stacked = false,
  format = (v) => (v === null ? "—" : String(v)),
  tableLabel,
  emptyLabel,
}: Props) {
  // False on the server and while hydrating, true in the browser afterwards.
  const drawn = useSyncExternalStore(noSubscription, inBrowser, onServer);
  const height = Math.max(220, Math.min(560, 60 + rows.length * (stacked ? 34 : 46)));
  return (
    <figure className="chart-figure" aria-labelledby={`${id}-title`}>
      <figcaption>
        <h3 id={`${id}-title`}>{title}</h3>
        <p id={`${id}-summary`} className="muted">
          {summary}
        </p>
      </figcaption>
      {rows.length === 0 ? (
        <p>{emptyLabel}</p>
      ) : (
        <>
          <div className="chart" role="img" aria-labelledby={`${id}-title ${id}-summary`} style={{ minHeight: height }}>
            {drawn ? (
              <BarChart
                width={720}
                height={height}
                data={rows}
                layout="vertical"
                margin={{ top: 8, right: 24, bottom: 8, left: 8 }}
                accessibilityLayer={false}
                style={{ maxWidth: "100%" }}
              >
                <CartesianGrid strokeDasharray="3 3" horizontal={false} />
                <XAxis type="number" allowDecimals={false} />
                <YAxis type="category" dataKey="label" width={220} tick={{ fontSize: 12 }} />
                <Tooltip />
                <Legend />
                {series.map((s) => (
                  <Bar
                    key={s.key}
                    dataKey={s.key}
                    name={s.label}
                    fill={s.color}
                    stackId={stacked ? "stack" : undefined}
                    isAnimationActive={false}
                  />
                ))}
              </BarChart>
            ) : null}
          </div>
          <details className="chart-data">
            <summary>{tableLabel}</summary>
            <div className="table-scroll">
              <table>
                <caption>{title}</caption>
                <thead>
                  <tr>
                    <th scope="col">{categoryLabel}</th>
                    {series.map((s) => (
                      <th key={s.key} scope="col">
                        {s.label}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row) => (
                    <tr key={row.label}>
                      <th scope="row">{row.label}</th>
                      {series.map((s) => (
                        <td key={s.key}>{format(typeof row[s.key] === "number" ? (row[s.key] as number) : null)}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </figure>
  );
}

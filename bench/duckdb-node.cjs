// SPDX-License-Identifier: MIT
// The DuckDB baseline of cx-bench through DuckDB's Node.js API, for machines without the duckdb
// program (npm's @duckdb/node-api ships DuckDB itself). Usage:
//   node bench/duckdb-node.cjs MODULES_DIR FILE BY
// MODULES_DIR holds node_modules/@duckdb/node-api (`npm install @duckdb/node-api` there); BY is
// "" or a comma-separated column list. Prints "seconds S", the time of the query alone (DuckDB
// and the file already open, Node's start-up left out: in DuckDB's favour), then the NPS.
'use strict';
const path = require('path');
const [dir, file, by] = process.argv.slice(2);
const { DuckDBInstance } = require(path.join(dir, 'node_modules', '@duckdb', 'node-api'));

(async () => {
    const db = await DuckDBInstance.create(':memory:', { threads: '2' });
    const con = await db.connect();
    const lit = "'" + file.replace(/'/g, "''") + "'";
    const cols = by ? by + ', ' : '';
    const sql = `SELECT ${cols}count(*) AS n, 100.0 * (count(*) FILTER (WHERE score >= 9) - ` +
        `count(*) FILTER (WHERE score <= 6)) / count(*) AS nps FROM read_csv(${lit})` +
        (by ? ` GROUP BY ${by} ORDER BY ${by}` : '');
    const t0 = process.hrtime.bigint();
    const reader = await con.runAndReadAll(sql);
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    console.log(`seconds ${seconds}`);
    for (const row of reader.getRowObjectsJson())
        console.log(JSON.stringify(row));
})().catch((e) => {
    console.error(e);
    process.exit(1);
});

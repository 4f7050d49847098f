// The module scripts/build.mjs generates in dist/: the report page's script
// (ECharts and `startCharts`, minified), as text to inline.
/** The script report.html inlines. */
export declare const PAGE_SCRIPT: string;

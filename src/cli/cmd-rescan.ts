/** `hegui rescan` commands: registered with registerCommand() from ./main.js. (Owned by the rescan module.) */
export {};

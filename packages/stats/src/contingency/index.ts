// Public API of contingency/ — one export line per public function file.
export {};

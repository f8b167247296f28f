// Public API of survival/ — one export line per public function file.
export {};

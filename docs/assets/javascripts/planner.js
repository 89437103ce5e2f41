/* The career planner: compare any two roles, find the route between any two, keep a
 * readiness checklist. Written in docs/assets/javascripts/planner.js. */

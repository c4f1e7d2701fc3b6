// Starts GOV.UK Frontend's components. A file rather than an inline module, for the
// Content-Security-Policy; the relative path reaches the copy served from node_modules (settings).
import { initAll } from '../../govuk/govuk-frontend.min.js'

initAll()

package dev.tightrope.service.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class BomDiffTest {

    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode bom(String json) throws Exception {
        return JSON.readTree(json.replace('\'', '"'));
    }

    static final String BEFORE = "{'bomFormat':'CycloneDX','specVersion':'1.6',"
            + "'metadata':{'component':{'type':'machine-learning-model','bom-ref':'m','name':'fraud','version':'2',"
            + "  'hashes':[{'alg':'SHA-256','content':'aa'}],'components':[{'type':'file','bom-ref':'f1','name':'model.bin'}]}},"
            + "'components':[{'type':'data','bom-ref':'d1','name':'train'},{'type':'data','bom-ref':'d2','name':'labels'}],"
            + "'dependencies':[{'ref':'m','dependsOn':['d1','d2']}],"
            + "'vulnerabilities':[{'bom-ref':'v1','id':'pickle.global','affects':[{'ref':'f1'}]}]}";

    @Test
    void theSameBomHasNoDifferences() throws Exception {
        assertThat(BomDiff.compare(bom(BEFORE), bom(BEFORE))).isEmpty();
    }

    @Test
    void componentsHashesDependenciesAndVulnerabilitiesAreCompared() throws Exception {
        String after = BEFORE.replace("'version':'2'", "'version':'3'").replace("'content':'aa'", "'content':'bb'")
                .replace(",{'type':'data','bom-ref':'d2','name':'labels'}", ",{'type':'data','bom-ref':'d3','name':'labels-v2'}")
                .replace("'dependsOn':['d1','d2']", "'dependsOn':['d1','d3']")
                .replace("'bom-ref':'v1','id':'pickle.global'", "'bom-ref':'v9','id':'onnx.external-data'");
        assertThat(BomDiff.compare(bom(BEFORE), bom(after))).extracting(Object::toString).containsExactly(
                "removed   d2  data labels",
                "added     d3  data labels-v2",
                "changed   m  version 2 → 3",
                "changed   m  hashes SHA-256:aa → SHA-256:bb",
                "depends   m  now on d3",
                "depends   m  no longer on d2",
                "opened    onnx.external-data on f1",
                "closed    pickle.global on f1");
    }

    @Test
    void componentsWithoutABomRefAreMatchedByTypeNameAndVersion() throws Exception {
        String a = "{'bomFormat':'CycloneDX','components':[{'type':'library','name':'torch','version':'2.3'}]}";
        String b = "{'bomFormat':'CycloneDX','components':[{'type':'library','name':'torch','version':'2.4'}]}";
        assertThat(BomDiff.compare(bom(a), bom(b))).extracting(Object::toString)
                .containsExactly("removed   library:torch@2.3  library torch 2.3", "added     library:torch@2.4  library torch 2.4");
    }

    @Test
    void somethingElseThanABomIsRefused() {
        assertThatThrownBy(() -> BomDiff.compare(bom("{'spdxVersion':'SPDX-2.3'}"), bom(BEFORE))).hasMessageContaining("first BOM is not a CycloneDX BOM");
    }
}
